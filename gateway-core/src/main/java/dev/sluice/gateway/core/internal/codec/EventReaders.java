package dev.sluice.gateway.core.internal.codec;

import com.fasterxml.jackson.annotation.JacksonInject;
import com.fasterxml.jackson.annotation.JsonCreator;
import dev.sluice.gateway.core.event.EventMeta;
import dev.sluice.gateway.core.event.GatewayEvent;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.RecordComponent;
import java.util.Optional;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;

/**
 * The fast typed path of {@link EventDecoder}: per event record class, made once, a reader that
 * binds the body straight from the parser's tokens (see {@link RecordReader}), or none when the
 * record does not qualify ({@link RecordReaders}). Two shapes of event record qualify: one whose
 * components are the body's members plus the injected {@link EventMeta}, and one whose body is a
 * single model record (a static {@code DELEGATING} creator taking the meta and that record, as
 * MESSAGE_CREATE's).
 *
 * <p>Thread-safe.
 */
final class EventReaders {

  private static final ClassValue<Optional<EventReader>> READERS =
      new ClassValue<>() {
        @Override
        protected Optional<EventReader> computeValue(Class<?> type) {
          return Optional.ofNullable(make(type));
        }
      };

  private EventReaders() {}

  /** Reads an event of one record class from a parser placed before its body's first token. */
  interface EventReader {
    /**
     * The event; throws {@link ValueReader.Bail} (or any parser error) when Jackson must decide.
     */
    GatewayEvent read(JsonParser parser, EventMeta meta);
  }

  /** The fast reader of {@code type}, or null when Jackson binds it. */
  static EventReader of(Class<?> type) {
    return READERS.get(type).orElse(null);
  }

  private static EventReader make(Class<?> type) {
    if (!GatewayEvent.class.isAssignableFrom(type) || !type.isRecord()) {
      return null;
    }
    try {
      Method delegating = delegatingCreator(type);
      if (delegating != null) {
        return wrapper(type, delegating);
      }
      RecordReader reader = new RecordReaders().reader(type, true);
      if (reader == null || !reader.takesMeta()) {
        return null;
      }
      return (parser, meta) -> {
        if (parser.nextToken() != JsonToken.START_OBJECT) {
          throw ValueReader.Bail.INSTANCE;
        }
        return (GatewayEvent) reader.read(parser, meta);
      };
    } catch (ReflectiveOperationException | SecurityException e) {
      return null;
    }
  }

  /** The static delegating creator of a record (meta, body) whose body is a model record. */
  private static Method delegatingCreator(Class<?> type) {
    for (Method m : type.getDeclaredMethods()) {
      JsonCreator creator = m.getAnnotation(JsonCreator.class);
      if (creator != null && Modifier.isStatic(m.getModifiers())) {
        return creator.mode() == JsonCreator.Mode.DELEGATING ? m : null;
      }
    }
    return null;
  }

  /**
   * A reader for {@code record Event(EventMeta meta, Body body)} bound by {@code static Event
   * decode(@JacksonInject EventMeta meta, Body body)}: the body is read as its record, then the
   * creator is called as Jackson would call it.
   */
  private static EventReader wrapper(Class<?> type, Method creator)
      throws ReflectiveOperationException {
    RecordComponent[] components = type.getRecordComponents();
    Class<?>[] parameters = creator.getParameterTypes();
    if (components.length != 2
        || parameters.length != 2
        || parameters[0] != EventMeta.class
        || !injectsMeta(creator)
        || creator.getReturnType() != type
        || creator.getParameterAnnotations()[1].length != 0) {
      return null;
    }
    RecordReader body = new RecordReaders().reader(parameters[1], false);
    if (body == null) {
      return null;
    }
    MethodHandle call =
        MethodHandles.privateLookupIn(type, MethodHandles.lookup())
            .unreflect(creator)
            .asType(MethodType.methodType(Object.class, EventMeta.class, Object.class));
    return (parser, meta) -> {
      Object value = body.read(parser, parser.nextToken());
      try {
        return (GatewayEvent) (Object) call.invokeExact(meta, value);
      } catch (RuntimeException | Error e) {
        throw e;
      } catch (Throwable e) {
        throw new IllegalStateException(e);
      }
    };
  }

  private static boolean injectsMeta(Method creator) {
    for (var a : creator.getParameterAnnotations()[0]) {
      if (a instanceof JacksonInject inject
          && RecordReaders.META_KEY.equals(inject.value())
          && inject.useInput().asBoolean() != Boolean.TRUE) {
        return true;
      }
    }
    return false;
  }
}
