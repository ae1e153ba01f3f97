package ai.dataframer.beam.core.seed;

import java.io.BufferedReader;
import java.io.Closeable;
import java.io.IOException;
import java.io.Reader;
import org.checkerframework.checker.nullness.qual.Nullable;

/**
 * Splits a CSV stream into raw records, each with the physical line it starts on, without parsing
 * the cells. Tracking quote state the way an RFC 4180 lexer does lets a quoted field span lines,
 * and lets a record with malformed quoting fail alone instead of taking the rest of the file with
 * it. Streams: only one record is held in memory.
 *
 * <p>A quoted field that runs past the end of its line is kept only when the record it makes is
 * sound: it closes before the end of the input, nothing but a delimiter or line end follows a
 * closing quote, it is no longer than {@code maxRecordChars}, and it has as many fields as the
 * header (once {@link #expectFields} says how many). Otherwise the quote was never meant to span
 * lines: the record's first line becomes one failed record naming the line where the quote opened,
 * and scanning resumes on the next line, so one stray quote costs one row, not the rest of the
 * file.
 */
public final class CsvRecordScanner implements Closeable {
  /**
   * One record's text without its line terminator, the 1-based line where it starts, and, when the
   * scanner already knows the record is broken, why.
   */
  public record RawRecord(long line, String text, @Nullable String error) {
    public RawRecord(long line, String text) {
      this(line, text, null);
    }

    public boolean isBlank() {
      return text.isEmpty() && error == null;
    }
  }

  private enum State {
    FIELD_START,
    UNQUOTED,
    QUOTED,
    QUOTE_IN_QUOTED
  }

  private static final char QUOTE = '"';
  private static final char BYTE_ORDER_MARK = '\uFEFF';

  private final BufferedReader in;
  private final char delimiter;
  private final String source;
  private final int maxRecordChars;
  private long line = 1;
  private boolean atStart = true;
  private int expectedFields = -1;

  /** Text taken back after a record with a never-closed quote, read again before {@link #in}. */
  private String pending = "";

  private int pendingAt;

  public CsvRecordScanner(Reader in, char delimiter, String source, int maxRecordChars) {
    this.in = in instanceof BufferedReader ? (BufferedReader) in : new BufferedReader(in);
    this.delimiter = delimiter;
    this.source = source;
    this.maxRecordChars = maxRecordChars;
  }

  /** How many fields a record has (the header's); a multi-line record with another count fails. */
  public void expectFields(int fields) {
    this.expectedFields = fields;
  }

  /**
   * The next record (blank lines are records with empty text), or null at the end of the stream.
   */
  public RawRecord next() throws IOException {
    StringBuilder text = new StringBuilder();
    long startLine = line;
    State state = State.FIELD_START;
    int fields = 1;
    boolean spansLines = false;
    boolean malformed = false;
    while (true) {
      int c = read();
      if (c == -1) {
        if (text.length() == 0) {
          return null;
        }
        if (spansLines && state == State.QUOTED) {
          return neverClosed(startLine, text, "", "the file ends inside it");
        }
        return new RawRecord(startLine, text.toString());
      }
      if (c == '\r' || c == '\n') {
        String terminator = lineTerminator(c);
        line++;
        if (state != State.QUOTED) {
          if (spansLines && (malformed || (expectedFields >= 0 && fields != expectedFields))) {
            return neverClosed(
                startLine,
                text,
                terminator,
                malformed
                    ? "text follows a later closing quote"
                    : "the record it starts runs to line "
                        + (line - 1)
                        + " with "
                        + fields
                        + " columns, not "
                        + expectedFields);
          }
          return new RawRecord(startLine, text.toString());
        }
        spansLines = true;
        text.append(terminator);
      } else {
        text.append((char) c);
        State next = advance(state, (char) c);
        if (next == State.FIELD_START) {
          fields++;
        } else if (state == State.QUOTE_IN_QUOTED && next == State.UNQUOTED) {
          malformed = true;
        }
        state = next;
      }
      if (text.length() > maxRecordChars) {
        if (spansLines) {
          return neverClosed(
              startLine,
              text,
              "",
              "the record it starts is longer than " + maxRecordChars + " characters");
        }
        throw new SeedException(
            source
                + " line "
                + startLine
                + ": record is longer than "
                + maxRecordChars
                + " characters; is a quoted field not closed?");
      }
    }
  }

  /**
   * The first line of a record whose quote never closed, as a failed record; everything after that
   * line goes back to be scanned again, starting with the next line.
   */
  private RawRecord neverClosed(
      long startLine, StringBuilder text, String terminator, String detail) {
    int end = 0;
    while (text.charAt(end) != '\r' && text.charAt(end) != '\n') {
      end++;
    }
    int rest =
        end
            + (text.charAt(end) == '\r' && end + 1 < text.length() && text.charAt(end + 1) == '\n'
                ? 2
                : 1);
    pending = text.substring(rest) + terminator + pending.substring(pendingAt);
    pendingAt = 0;
    line = startLine + 1;
    return new RawRecord(
        startLine,
        text.substring(0, end),
        "line " + startLine + ": quoted field opened here is never closed (" + detail + ")");
  }

  private State advance(State state, char c) {
    switch (state) {
      case FIELD_START:
        return c == QUOTE ? State.QUOTED : c == delimiter ? State.FIELD_START : State.UNQUOTED;
      case UNQUOTED:
        return c == delimiter ? State.FIELD_START : State.UNQUOTED;
      case QUOTED:
        return c == QUOTE ? State.QUOTE_IN_QUOTED : State.QUOTED;
      case QUOTE_IN_QUOTED:
        // "" is an escaped quote; anything but a delimiter after a closing quote is malformed, and
        // the record then fails when its cells are parsed.
        return c == QUOTE ? State.QUOTED : c == delimiter ? State.FIELD_START : State.UNQUOTED;
      default:
        throw new IllegalStateException("unhandled state " + state);
    }
  }

  private String lineTerminator(int c) throws IOException {
    if (c == '\r') {
      if (peek() == '\n') {
        read();
        return "\r\n";
      }
      return "\r";
    }
    return "\n";
  }

  private int peek() throws IOException {
    if (pendingAt < pending.length()) {
      return pending.charAt(pendingAt);
    }
    in.mark(1);
    int c = in.read();
    in.reset();
    return c;
  }

  private int read() throws IOException {
    if (pendingAt < pending.length()) {
      return pending.charAt(pendingAt++);
    }
    int c = in.read();
    if (atStart) {
      atStart = false;
      if (c == BYTE_ORDER_MARK) {
        c = in.read();
      }
    }
    return c;
  }

  @Override
  public void close() throws IOException {
    in.close();
  }
}
