package dev.sluice.gateway.core.internal.codec;

import dev.sluice.gateway.core.model.Snowflake;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;

/**
 * Reads one JSON value of a record component on the fast typed path ({@link RecordReader}). Each
 * reader accepts only the tokens it binds exactly as Jackson's databind would; for anything else (a
 * coercion, a number too large, an unusual snowflake) it throws {@link Bail}, and the whole event
 * is then bound by Jackson instead, which gives today's result or today's error.
 *
 * <p>Readers are immutable and thread-safe.
 */
interface ValueReader {

  /**
   * The value whose first token ({@code token}, never {@code VALUE_NULL}) the parser is on; leaves
   * the parser on the value's last token.
   */
  Object read(JsonParser parser, JsonToken token);

  /** The value of a component absent from the object (or null): null, or a primitive's zero. */
  default Object absent() {
    return null;
  }

  /** Thrown to hand an event over to Jackson; shared, without a stack trace. */
  final class Bail extends RuntimeException {
    static final Bail INSTANCE = new Bail();
    private static final long serialVersionUID = 1L;

    private Bail() {
      super("not on the fast path", null, false, false);
    }
  }

  /** A {@code String}: a JSON string only (Jackson would coerce other scalars). */
  ValueReader STRING =
      (parser, token) -> {
        if (token != JsonToken.VALUE_STRING) {
          throw Bail.INSTANCE;
        }
        return parser.getString();
      };

  /** A {@code Boolean}: {@code true} or {@code false}. */
  ValueReader BOOLEAN =
      (parser, token) -> {
        if (token == JsonToken.VALUE_TRUE) {
          return Boolean.TRUE;
        }
        if (token == JsonToken.VALUE_FALSE) {
          return Boolean.FALSE;
        }
        throw Bail.INSTANCE;
      };

  /** An {@code Integer}: an integer that fits. */
  ValueReader INTEGER = (parser, token) -> intValue(parser, token);

  /** An {@code int}: as {@link #INTEGER}, zero when absent or null. */
  ValueReader INT =
      new ValueReader() {
        @Override
        public Object read(JsonParser parser, JsonToken token) {
          return intValue(parser, token);
        }

        @Override
        public Object absent() {
          return 0;
        }
      };

  /** A {@code Long}: an integer that fits. */
  ValueReader LONG = (parser, token) -> longValue(parser, token);

  /** A {@code long}: as {@link #LONG}, zero when absent or null. */
  ValueReader PRIMITIVE_LONG =
      new ValueReader() {
        @Override
        public Object read(JsonParser parser, JsonToken token) {
          return longValue(parser, token);
        }

        @Override
        public Object absent() {
          return 0L;
        }
      };

  /**
   * A {@link Snowflake}: a string of 1 to 19 ASCII digits (unsigned, as {@code Snowflake.of} reads
   * it) or an integer that fits a long.
   */
  ValueReader SNOWFLAKE =
      (parser, token) -> {
        if (token == JsonToken.VALUE_STRING) {
          return new Snowflake(digits(parser));
        }
        return new Snowflake(longValue(parser, token));
      };

  /** A {@code Map<String, String>}: an object of strings and nulls. */
  ValueReader STRING_MAP =
      (parser, token) -> {
        if (token != JsonToken.START_OBJECT) {
          throw Bail.INSTANCE;
        }
        Map<String, String> map = new LinkedHashMap<>();
        for (String key = parser.nextName(); key != null; key = parser.nextName()) {
          JsonToken value = parser.nextToken();
          map.put(key, value == JsonToken.VALUE_NULL ? null : (String) STRING.read(parser, value));
        }
        endObject(parser);
        return map;
      };

  /** A {@code List} of {@code element}s (null elements kept, as Jackson keeps them). */
  static ValueReader listOf(ValueReader element) {
    return new ListReader(element);
  }

  /** A list's reader (a class of its own, so that {@link #dispatch} calls it directly). */
  final class ListReader implements ValueReader {
    private final ValueReader element;

    ListReader(ValueReader element) {
      this.element = element;
    }

    @Override
    public Object read(JsonParser parser, JsonToken token) {
      if (token != JsonToken.START_ARRAY) {
        throw Bail.INSTANCE;
      }
      List<Object> list = new ArrayList<>();
      for (JsonToken t = parser.nextToken(); t != JsonToken.END_ARRAY; t = parser.nextToken()) {
        if (t == null) {
          throw Bail.INSTANCE;
        }
        list.add(t == JsonToken.VALUE_NULL ? null : dispatch(element, parser, t));
      }
      return list;
    }
  }

  /**
   * {@code reader.read(parser, token)}, with the scalar readers' code inlined and the others called
   * by their class: one call site for every component of every record would otherwise see all the
   * readers, and the JIT could inline none of them.
   */
  static Object dispatch(ValueReader reader, JsonParser parser, JsonToken token) {
    if (reader == STRING) {
      if (token != JsonToken.VALUE_STRING) {
        throw Bail.INSTANCE;
      }
      return parser.getString();
    } else if (reader == SNOWFLAKE) {
      return new Snowflake(
          token == JsonToken.VALUE_STRING ? digits(parser) : longValue(parser, token));
    } else if (reader == INTEGER || reader == INT) {
      return intValue(parser, token);
    } else if (reader == BOOLEAN) {
      return BOOLEAN.read(parser, token);
    } else if (reader == LONG || reader == PRIMITIVE_LONG) {
      return longValue(parser, token);
    } else if (reader instanceof RecordReader record) {
      return record.read(parser, token);
    } else if (reader instanceof ListReader list) {
      return list.read(parser, token);
    }
    return reader.read(parser, token);
  }

  /** Checks that the loop over an object's names stopped at its end. */
  static void endObject(JsonParser parser) {
    if (!parser.hasToken(JsonToken.END_OBJECT)) {
      throw Bail.INSTANCE;
    }
  }

  private static int intValue(JsonParser parser, JsonToken token) {
    if (token != JsonToken.VALUE_NUMBER_INT
        || parser.getNumberType() != JsonParser.NumberType.INT) {
      throw Bail.INSTANCE;
    }
    return parser.getIntValue();
  }

  private static long longValue(JsonParser parser, JsonToken token) {
    if (token != JsonToken.VALUE_NUMBER_INT) {
      throw Bail.INSTANCE;
    }
    JsonParser.NumberType type = parser.getNumberType();
    if (type != JsonParser.NumberType.INT && type != JsonParser.NumberType.LONG) {
      throw Bail.INSTANCE;
    }
    return parser.getLongValue();
  }

  /** Unsigned decimal digits of the current string, without making a {@code String}. */
  private static long digits(JsonParser parser) {
    char[] chars = parser.getStringCharacters();
    int start = parser.getStringOffset();
    int length = parser.getStringLength();
    if (length == 0 || length > 19) {
      throw Bail.INSTANCE;
    }
    long value = 0;
    for (int i = start, end = start + length; i < end; i++) {
      int digit = chars[i] - '0';
      if (digit < 0 || digit > 9) {
        throw Bail.INSTANCE;
      }
      value = value * 10 + digit; // at most 19 digits: below 2^64, exact as unsigned
    }
    return value;
  }
}
