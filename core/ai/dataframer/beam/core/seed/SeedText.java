package ai.dataframer.beam.core.seed;

import java.io.BufferedInputStream;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.Charset;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * Opens the bytes of a text seed (CSV, JSON Lines) as characters, refusing what would otherwise be
 * read as garbage: a file that is binary (or Parquet, or still gzip-compressed) under a text name,
 * and bytes that are not valid in the seed's encoding. The lenient default of the JDK readers turns
 * such bytes into U+FFFD without a word; here the first one fails the file, naming its line and
 * byte offset (counted from 0, as hex viewers show it), so the user can name the right encoding.
 *
 * <p>A byte order mark wins over the given encoding: UTF-8, UTF-16 LE and UTF-16 BE marks are
 * recognised and skipped.
 */
public final class SeedText {
  private SeedText() {}

  /** How much of a file is looked at to tell text from binary. */
  public static final int SNIFF_BYTES = 8 * 1024;

  /** Above this share of control characters in the first bytes, a file is taken for binary. */
  private static final double MAX_CONTROL_SHARE = 0.1;

  /**
   * The text of a seed file, decoded strictly.
   *
   * @param source the file, as messages name it
   * @param format what the file should hold, as messages name it: "CSV", "JSON Lines"
   */
  public static BufferedReader open(InputStream in, Charset encoding, String source, String format)
      throws IOException {
    BufferedInputStream bytes = new BufferedInputStream(in, 64 * 1024);
    bytes.mark(SNIFF_BYTES);
    byte[] head = bytes.readNBytes(SNIFF_BYTES);
    bytes.reset();
    Charset charset = encoding;
    int bom = 0;
    if (startsWith(head, 0xEF, 0xBB, 0xBF)) {
      charset = StandardCharsets.UTF_8;
      bom = 3;
    } else if (startsWith(head, 0xFE, 0xFF)) {
      charset = StandardCharsets.UTF_16BE;
      bom = 2;
    } else if (startsWith(head, 0xFF, 0xFE)) {
      charset = StandardCharsets.UTF_16LE;
      bom = 2;
    }
    refuseBinary(head, charset, source, format);
    bytes.skipNBytes(bom);
    return new BufferedReader(new StrictReader(bytes, charset, source, bom));
  }

  private static void refuseBinary(byte[] head, Charset charset, String source, String format) {
    if (startsWith(head, 'P', 'A', 'R', '1')) {
      throw new SeedException(
          source + " is a Parquet file, not " + format + "; rename it to .parquet");
    }
    if (startsWith(head, 0x1F, 0x8B)) {
      throw new SeedException(
          source + " is gzip-compressed, not " + format + " text; add .gz to its name");
    }
    String name = charset.name();
    if (name.startsWith("UTF-16") || name.startsWith("UTF-32")) {
      return; // every other byte of ASCII text is NUL in these encodings
    }
    int control = 0;
    for (byte b : head) {
      if (b == 0) {
        throw new SeedException(
            source
                + " is binary, not "
                + format
                + " text (it holds NUL bytes); if it is UTF-16 text without a byte order mark,"
                + " pass --seed-encoding UTF-16LE or UTF-16BE");
      }
      if ((b >= 0 && b < 0x20 && b != '\t' && b != '\n' && b != '\r' && b != '\f') || b == 0x7F) {
        control++;
      }
    }
    if (head.length > 0 && control > head.length * MAX_CONTROL_SHARE) {
      throw new SeedException(
          source
              + " is binary, not "
              + format
              + " text ("
              + control
              + " of its first "
              + head.length
              + " bytes are control characters)");
    }
  }

  private static boolean startsWith(byte[] head, int... prefix) {
    if (head.length < prefix.length) {
      return false;
    }
    for (int i = 0; i < prefix.length; i++) {
      if ((head[i] & 0xFF) != prefix[i]) {
        return false;
      }
    }
    return true;
  }

  /** Decodes with {@link CodingErrorAction#REPORT}, counting lines and bytes to say where. */
  private static final class StrictReader extends Reader {
    private final InputStream in;
    private final Charset charset;
    private final CharsetDecoder decoder;
    private final String source;
    private final ByteBuffer bytes = ByteBuffer.allocate(8 * 1024);
    private final CharBuffer chars = CharBuffer.allocate(8 * 1024);

    /** Offset in the file of the first byte of {@link #bytes}' array. */
    private long arrayStart;

    private long lines;
    private boolean lastWasCr;
    private boolean eof;
    private boolean done;

    StrictReader(InputStream in, Charset charset, String source, long offset) {
      this.in = in;
      this.charset = charset;
      this.decoder =
          charset
              .newDecoder()
              .onMalformedInput(CodingErrorAction.REPORT)
              .onUnmappableCharacter(CodingErrorAction.REPORT);
      this.source = source;
      this.arrayStart = offset;
      bytes.flip();
      chars.flip();
    }

    @Override
    public int read(char[] buffer, int off, int len) throws IOException {
      if (len == 0) {
        return 0;
      }
      if (!chars.hasRemaining() && !decode()) {
        return -1;
      }
      int n = Math.min(len, chars.remaining());
      chars.get(buffer, off, n);
      return n;
    }

    /** Decodes the next characters into {@link #chars}; false at the end of the input. */
    private boolean decode() throws IOException {
      chars.clear();
      while (chars.position() == 0 && !done) {
        CoderResult result = decoder.decode(bytes, chars, eof);
        if (result.isError()) {
          countLines();
          throw new SeedException(
              source
                  + " line "
                  + (lines + 1)
                  + ", byte "
                  + (arrayStart + bytes.position())
                  + ": not valid "
                  + charset.name()
                  + " text; pass --seed-encoding with the file's encoding (e.g. windows-1252,"
                  + " ISO-8859-1)");
        }
        if (result.isUnderflow()) {
          if (eof) {
            decoder.flush(chars);
            done = true;
          } else {
            fill();
          }
        }
      }
      countLines();
      chars.flip();
      return chars.hasRemaining();
    }

    private void fill() throws IOException {
      arrayStart += bytes.position();
      bytes.compact();
      int n = in.read(bytes.array(), bytes.position(), bytes.remaining());
      if (n < 0) {
        eof = true;
      } else {
        bytes.position(bytes.position() + n);
      }
      bytes.flip();
    }

    /** Counts line ends among the characters decoded so far (CR LF, CR and LF each once). */
    private void countLines() {
      for (int i = 0; i < chars.position(); i++) {
        char c = chars.get(i);
        if (c == '\r' || (c == '\n' && !lastWasCr)) {
          lines++;
        }
        lastWasCr = c == '\r';
      }
    }

    @Override
    public void close() throws IOException {
      in.close();
    }
  }
}
