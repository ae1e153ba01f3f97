package ai.dataframer.beam.core.tools;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.List;

/** The calculator's functions. */
final class Functions {
  private Functions() {}

  static BigDecimal apply(String name, List<BigDecimal> args, int position) {
    switch (name) {
      case "sqrt":
        BigDecimal x = one(name, args, position);
        if (x.signum() < 0) {
          throw new CalculatorException("sqrt of a negative number (" + x.toPlainString() + ")");
        }
        return x.sqrt(java.math.MathContext.DECIMAL128);
      case "abs":
        return one(name, args, position).abs();
      case "round":
        if (args.size() == 2) {
          return args.get(0).setScale(args.get(1).intValue(), RoundingMode.HALF_UP);
        }
        return Calculator.round(one(name, args, position));
      case "floor":
        return one(name, args, position).setScale(0, RoundingMode.FLOOR);
      case "ceil":
        return one(name, args, position).setScale(0, RoundingMode.CEILING);
      case "ln":
        return fromDouble(Math.log(positive(name, one(name, args, position))), name);
      case "log10":
        return fromDouble(Math.log10(positive(name, one(name, args, position))), name);
      case "exp":
        return fromDouble(Math.exp(one(name, args, position).doubleValue()), name);
      case "pow":
        if (args.size() != 2) {
          throw arity(name, "2", args.size(), position);
        }
        return Calculator.pow(args.get(0), args.get(1));
      case "min":
      case "max":
        if (args.isEmpty()) {
          throw arity(name, "at least 1", 0, position);
        }
        BigDecimal best = args.get(0);
        for (BigDecimal arg : args) {
          best = name.equals("min") ? best.min(arg) : best.max(arg);
        }
        return best;
      default:
        throw new CalculatorException(
            "unknown function '"
                + name
                + "' at position "
                + position
                + "; known: sqrt, abs, round, floor, ceil, ln, log10, exp, min, max, pow");
    }
  }

  static BigDecimal fromDouble(double value, String operation) {
    if (Double.isNaN(value) || Double.isInfinite(value)) {
      throw new CalculatorException(operation + " has no finite result");
    }
    return new BigDecimal(Double.toString(value));
  }

  private static BigDecimal one(String name, List<BigDecimal> args, int position) {
    if (args.size() != 1) {
      throw arity(name, "1", args.size(), position);
    }
    return args.get(0);
  }

  private static double positive(String name, BigDecimal x) {
    if (x.signum() <= 0) {
      throw new CalculatorException(
          name + " of a number that is not positive (" + x.toPlainString() + ")");
    }
    return x.doubleValue();
  }

  private static CalculatorException arity(String name, String expected, int got, int position) {
    return new CalculatorException(
        name
            + "() at position "
            + position
            + " takes "
            + expected
            + " argument(s), but got "
            + got);
  }
}
