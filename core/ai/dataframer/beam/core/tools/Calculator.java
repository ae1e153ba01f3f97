package ai.dataframer.beam.core.tools;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The {@code calculator} tool: evaluates arithmetic the model asks for, and nothing else. A parser
 * of its own, not a script engine, so a model (or a seed text speaking through it) can never run
 * code.
 *
 * <p>Grammar: numbers ({@code 12}, {@code 3.5}, {@code 1e-3}), {@code + - * / %}, {@code ^} (right
 * associative), parentheses, unary minus, the constants {@code pi} and {@code e}, and the functions
 * {@code sqrt abs round floor ceil ln log10 exp min max pow}. Sums, differences, products and
 * quotients are exact decimals to 34 significant digits, so money adds up ({@code 0.1 + 0.2} is
 * {@code 0.3}); roots, logarithms and non-integer powers go through doubles.
 */
public final class Calculator {
  public static final String NAME = "calculator";
  public static final String DESCRIPTION =
      "Evaluates an arithmetic expression exactly and returns the number. Supports + - * / % ^,"
          + " parentheses, pi, e and sqrt, abs, round, floor, ceil, ln, log10, exp, min, max, pow."
          + " Use it for every sum, total, percentage or unit conversion instead of computing in"
          + " your head.";
  public static final String INPUT_SCHEMA =
      "{\"type\":\"object\",\"properties\":{\"expression\":{\"type\":\"string\","
          + "\"description\":\"e.g. (19.99 * 3) * (1 - 0.15)\"}},\"required\":[\"expression\"],"
          + "\"additionalProperties\":false}";

  static final int MAX_EXPRESSION_CHARS = 1_000;

  /** Bounds work and result size: 10^1000 is still printable, 10^10^9 is not. */
  static final int MAX_INTEGER_EXPONENT = 1_000;

  private static final int MAX_DEPTH = 100;
  private static final MathContext EXACT = MathContext.DECIMAL128;

  private final String text;
  private int position;
  private int depth;

  private Calculator(String text) {
    this.text = text;
  }

  /**
   * The value of {@code expression} as plain decimal text (no exponent, no trailing zeros).
   *
   * @throws CalculatorException saying what is wrong and where
   */
  public static String evaluate(String expression) {
    if (expression == null || expression.isBlank()) {
      throw new CalculatorException("the expression is empty");
    }
    if (expression.length() > MAX_EXPRESSION_CHARS) {
      throw new CalculatorException(
          "the expression has "
              + expression.length()
              + " characters; at most "
              + MAX_EXPRESSION_CHARS
              + " are accepted");
    }
    Calculator parser = new Calculator(expression);
    BigDecimal value = parser.sum();
    parser.skipSpaces();
    if (parser.position < expression.length()) {
      throw parser.error("unexpected '" + expression.charAt(parser.position) + "'");
    }
    return format(value);
  }

  static String format(BigDecimal value) {
    BigDecimal rounded = value.round(EXACT).stripTrailingZeros();
    return rounded.signum() == 0 ? "0" : rounded.toPlainString();
  }

  private BigDecimal sum() {
    BigDecimal value = product();
    while (true) {
      if (accept('+')) {
        value = value.add(product(), EXACT);
      } else if (accept('-')) {
        value = value.subtract(product(), EXACT);
      } else {
        return value;
      }
    }
  }

  private BigDecimal product() {
    BigDecimal value = unary();
    while (true) {
      if (accept('*')) {
        value = value.multiply(unary(), EXACT);
      } else if (accept('/')) {
        value = divide(value, unary());
      } else if (accept('%')) {
        BigDecimal divisor = unary();
        if (divisor.signum() == 0) {
          throw error("remainder of a division by zero");
        }
        value = value.remainder(divisor, EXACT);
      } else {
        return value;
      }
    }
  }

  private BigDecimal unary() {
    if (accept('-')) {
      return nested(() -> unary().negate());
    }
    if (accept('+')) {
      return nested(this::unary);
    }
    return power();
  }

  private BigDecimal power() {
    BigDecimal base = atom();
    if (accept('^')) {
      BigDecimal exponent = nested(this::unary);
      return pow(base, exponent);
    }
    return base;
  }

  private BigDecimal atom() {
    skipSpaces();
    if (accept('(')) {
      BigDecimal inner = nested(this::sum);
      expect(')');
      return inner;
    }
    if (position < text.length()
        && (Character.isDigit(text.charAt(position)) || text.charAt(position) == '.')) {
      return number();
    }
    if (position < text.length() && Character.isLetter(text.charAt(position))) {
      return named();
    }
    throw error(
        position < text.length()
            ? "unexpected '" + text.charAt(position) + "'"
            : "the expression ends too early");
  }

  private BigDecimal number() {
    int start = position;
    while (position < text.length()
        && (Character.isDigit(text.charAt(position)) || text.charAt(position) == '.')) {
      position++;
    }
    if (position < text.length()
        && (text.charAt(position) == 'e' || text.charAt(position) == 'E')
        && position + 1 < text.length()
        && (Character.isDigit(text.charAt(position + 1))
            || ((text.charAt(position + 1) == '-' || text.charAt(position + 1) == '+')
                && position + 2 < text.length()
                && Character.isDigit(text.charAt(position + 2))))) {
      position += 2;
      while (position < text.length() && Character.isDigit(text.charAt(position))) {
        position++;
      }
    }
    String literal = text.substring(start, position);
    try {
      BigDecimal value = new BigDecimal(literal);
      if (Math.abs(value.scale()) > MAX_INTEGER_EXPONENT * 10) {
        throw error("the number " + literal + " is too large");
      }
      return value;
    } catch (NumberFormatException e) {
      throw error("'" + literal + "' is not a number");
    }
  }

  private BigDecimal named() {
    int start = position;
    while (position < text.length() && Character.isLetterOrDigit(text.charAt(position))) {
      position++;
    }
    String name = text.substring(start, position).toLowerCase(Locale.ROOT);
    if (name.equals("pi")) {
      return BigDecimal.valueOf(Math.PI);
    }
    if (name.equals("e")) {
      return BigDecimal.valueOf(Math.E);
    }
    skipSpaces();
    if (!accept('(')) {
      throw new CalculatorException(
          "unknown name '"
              + name
              + "' at position "
              + start
              + "; only numbers, pi, e and the listed functions are allowed");
    }
    List<BigDecimal> args = new ArrayList<>();
    if (!accept(')')) {
      do {
        args.add(nested(this::sum));
      } while (accept(','));
      expect(')');
    }
    return Functions.apply(name, args, start);
  }

  private BigDecimal divide(BigDecimal dividend, BigDecimal divisor) {
    if (divisor.signum() == 0) {
      throw error("division by zero");
    }
    return dividend.divide(divisor, EXACT);
  }

  static BigDecimal pow(BigDecimal base, BigDecimal exponent) {
    BigDecimal integral = exponent.stripTrailingZeros();
    if (integral.scale() <= 0
        && integral.abs().compareTo(BigDecimal.valueOf(MAX_INTEGER_EXPONENT)) <= 0) {
      int n = integral.intValueExact();
      if (base.signum() == 0 && n < 0) {
        throw new CalculatorException("zero cannot be raised to a negative power");
      }
      return n >= 0 ? base.pow(n, EXACT) : BigDecimal.ONE.divide(base.pow(-n, EXACT), EXACT);
    }
    return Functions.fromDouble(Math.pow(base.doubleValue(), exponent.doubleValue()), "^");
  }

  private BigDecimal nested(java.util.function.Supplier<BigDecimal> inner) {
    if (++depth > MAX_DEPTH) {
      throw error("the expression nests deeper than " + MAX_DEPTH + " levels");
    }
    try {
      return inner.get();
    } finally {
      depth--;
    }
  }

  private boolean accept(char c) {
    skipSpaces();
    if (position < text.length() && text.charAt(position) == c) {
      position++;
      return true;
    }
    return false;
  }

  private void expect(char c) {
    if (!accept(c)) {
      throw error("expected '" + c + "'");
    }
  }

  private void skipSpaces() {
    while (position < text.length() && Character.isWhitespace(text.charAt(position))) {
      position++;
    }
  }

  private CalculatorException error(String what) {
    return new CalculatorException(what + " at position " + position + " of '" + text + "'");
  }

  /** Round half-up to whole numbers, as a person rounding a total would. */
  static BigDecimal round(BigDecimal value) {
    return value.setScale(0, RoundingMode.HALF_UP);
  }
}
