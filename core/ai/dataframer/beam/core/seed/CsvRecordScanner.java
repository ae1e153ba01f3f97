package ai.dataframer.beam.core.seed;

import java.io.BufferedReader;
import java.io.Closeable;
import java.io.IOException;
import java.io.Reader;

/**
 * Splits a CSV stream into raw records, each with the physical line it starts on, without parsing
 * the cells. Tracking quote state the way an RFC 4180 lexer does lets a quoted field span lines,
 * and lets a record with malformed quoting fail alone instead of taking the rest of the file with
 * it. Streams: only one record is held in memory, and a record longer than {@code maxRecordChars}
 * (almost always an unterminated quote) is an error naming the line where it started.
 */
public final class CsvRecordScanner implements Closeable {
  /** One record's text without its line terminator, and the 1-based line where it starts. */
  public record RawRecord(long line, String text) {
    public boolean isBlank() {
      return text.isEmpty();
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

  public CsvRecordScanner(Reader in, char delimiter, String source, int maxRecordChars) {
    this.in = in instanceof BufferedReader ? (BufferedReader) in : new BufferedReader(in);
    this.delimiter = delimiter;
    this.source = source;
    this.maxRecordChars = maxRecordChars;
  }

  /**
   * The next record (blank lines are records with empty text), or null at the end of the stream.
   */
  public RawRecord next() throws IOException {
    StringBuilder text = new StringBuilder();
    long startLine = line;
    State state = State.FIELD_START;
    while (true) {
      int c = read();
      if (c == -1) {
        return text.length() == 0 ? null : new RawRecord(startLine, text.toString());
      }
      if (c == '\r' || c == '\n') {
        String terminator = lineTerminator(c);
        line++;
        if (state != State.QUOTED) {
          return new RawRecord(startLine, text.toString());
        }
        text.append(terminator);
      } else {
        text.append((char) c);
        state = advance(state, (char) c);
      }
      if (text.length() > maxRecordChars) {
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
        // the
        // record then fails when its cells are parsed.
        return c == QUOTE ? State.QUOTED : c == delimiter ? State.FIELD_START : State.UNQUOTED;
      default:
        throw new IllegalStateException("unhandled state " + state);
    }
  }

  private String lineTerminator(int c) throws IOException {
    if (c == '\r') {
      in.mark(1);
      if (in.read() == '\n') {
        return "\r\n";
      }
      in.reset();
      return "\r";
    }
    return "\n";
  }

  private int read() throws IOException {
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
