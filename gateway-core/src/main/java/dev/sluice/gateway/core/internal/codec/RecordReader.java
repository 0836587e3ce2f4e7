package dev.sluice.gateway.core.internal.codec;

import dev.sluice.gateway.core.event.EventMeta;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.core.sym.PropertyNameMatcher;

/**
 * Binds a JSON object to a record through its canonical constructor, in one pass over the parser's
 * tokens: each name is matched once, from the parser's bytes (as Jackson's bean deserializers match
 * them, without making a string), unknown members are skipped, and the constructor is called
 * through a method handle made once (Jackson's own creator call spreads its arguments anew each
 * time). Built by {@link RecordReaders} only for records whose every component it reads exactly as
 * Jackson's databind would; a value it does not read that way throws {@link ValueReader.Bail}.
 *
 * <p>Immutable and thread-safe.
 */
final class RecordReader implements ValueReader {

  private final MemberNames names;
  private final ValueReader[] readers;
  private final Object[] absent;
  private final int metaSlot;
  private final MethodHandle constructor;

  /**
   * A reader over the components of a record, in order: {@code names} their JSON names, {@code
   * readers} how each is read ({@code null} for the injected {@link EventMeta}, whose name, if
   * found in the input, hands the event to Jackson).
   */
  RecordReader(Class<?> type, String[] names, ValueReader[] readers, Class<?>[] types)
      throws ReflectiveOperationException {
    this.readers = readers.clone();
    this.absent = new Object[readers.length];
    int meta = -1;
    for (int i = 0; i < readers.length; i++) {
      if (readers[i] == null) {
        meta = i;
      } else {
        absent[i] = readers[i].absent();
      }
    }
    this.metaSlot = meta;
    this.names = new MemberNames(names);
    MethodHandle canonical =
        MethodHandles.publicLookup()
            .findConstructor(type, MethodType.methodType(void.class, types));
    this.constructor =
        canonical
            .asSpreader(Object[].class, types.length)
            .asType(MethodType.methodType(Object.class, Object[].class));
  }

  /** Whether an {@link EventMeta} is injected into this record. */
  boolean takesMeta() {
    return metaSlot >= 0;
  }

  @Override
  public Object read(JsonParser parser, JsonToken token) {
    if (token != JsonToken.START_OBJECT) {
      throw Bail.INSTANCE;
    }
    return read(parser, (EventMeta) null); // nested records take no meta (RecordReaders)
  }

  /** The record of the object whose start the parser is on, with {@code meta} injected. */
  Object read(JsonParser parser, EventMeta meta) {
    Object[] args = absent.clone();
    long seen = 0;
    PropertyNameMatcher matcher = names.matcher();
    for (int i; (i = parser.nextNameMatch(matcher)) != PropertyNameMatcher.MATCH_END_OBJECT; ) {
      if (i < 0 || i >= readers.length) {
        skip(parser, i);
        continue;
      }
      JsonToken token = parser.nextToken();
      long bit = 1L << i;
      if ((seen & bit) != 0 || i == metaSlot) {
        throw Bail.INSTANCE; // a member twice, or the injected one given: Jackson decides
      }
      seen |= bit;
      if (token != JsonToken.VALUE_NULL) {
        args[i] = ValueReader.dispatch(readers[i], parser, token);
      }
    }
    if (metaSlot >= 0) {
      args[metaSlot] = meta;
    }
    return construct(args);
  }

  /** Skips the value of a member no component takes (a learned name, or one yet unknown). */
  private void skip(JsonParser parser, int match) {
    if (match == PropertyNameMatcher.MATCH_UNKNOWN_NAME) {
      names.learn(parser.currentName());
    } else if (match < 0) {
      throw Bail.INSTANCE; // not a name: malformed, Jackson reports it
    }
    parser.nextToken();
    parser.skipChildren();
  }

  private Object construct(Object[] args) {
    try {
      return (Object) constructor.invokeExact(args);
    } catch (RuntimeException | Error e) {
      throw e;
    } catch (Throwable e) {
      throw new IllegalStateException(e);
    }
  }
}
