package dev.sluice.gateway.core.internal.codec;

import com.fasterxml.jackson.annotation.JacksonAnnotationsInside;
import com.fasterxml.jackson.annotation.JacksonInject;
import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import dev.sluice.gateway.core.event.EventMeta;
import dev.sluice.gateway.core.model.Snowflake;
import java.lang.annotation.Annotation;
import java.lang.reflect.AnnotatedElement;
import java.lang.reflect.Executable;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import tools.jackson.databind.PropertyNamingStrategies;

/**
 * Builds the {@link RecordReader}s of the fast typed path, once per record class, and decides which
 * records may have one: a record qualifies when Jackson would bind it plainly (no creator, naming,
 * ignoral or other databind annotation but the injected {@link EventMeta}, no getter-like extra
 * property) and every component is a string, a boxed or primitive int or long, a boolean, a {@link
 * Snowflake}, a list of such values, a {@code Map<String, String>} or a qualifying record. Anything
 * else is left to Jackson.
 *
 * <p>Thread-safe; construction happens under the {@link ClassValue}s of {@link EventReaders}.
 */
final class RecordReaders {

  private static final PropertyNamingStrategies.NamingBase NAMING =
      (PropertyNamingStrategies.NamingBase) PropertyNamingStrategies.SNAKE_CASE;

  /** Serialization-only annotations, which do not change how a record is read. */
  private static final Set<Class<?>> HARMLESS = Set.of(JsonInclude.class, JsonPropertyOrder.class);

  /** The injection key of {@link EventMeta} (EventMeta.INJECT_KEY, package-private there). */
  static final String META_KEY = "dev.sluice.gateway.core.event.EventMeta";

  private final Map<Class<?>, RecordReader> built = new HashMap<>();

  /** A reader for {@code type}, or null when the record does not qualify. */
  RecordReader reader(Class<?> type, boolean takesMeta) {
    if (built.containsKey(type)) {
      return built.get(type);
    }
    built.put(type, null); // a record nested in itself does not qualify
    RecordReader reader = null;
    try {
      reader = build(type, takesMeta);
    } catch (ReflectiveOperationException | SecurityException e) {
      reader = null;
    }
    built.put(type, reader);
    return reader;
  }

  private RecordReader build(Class<?> type, boolean takesMeta) throws ReflectiveOperationException {
    if (!type.isRecord() || !Modifier.isPublic(type.getModifiers()) || !plain(type)) {
      return null;
    }
    RecordComponent[] components = type.getRecordComponents();
    if (components.length > 64) {
      return null;
    }
    String[] names = new String[components.length];
    ValueReader[] readers = new ValueReader[components.length];
    Class<?>[] types = new Class<?>[components.length];
    for (int i = 0; i < components.length; i++) {
      RecordComponent c = components[i];
      types[i] = c.getType();
      if (c.getType() == EventMeta.class) {
        names[i] = injectedName(c, takesMeta);
        if (names[i] == null) {
          return null;
        }
        continue; // readers[i] stays null: injected
      }
      if (jackson(c) || jackson(c.getAccessor()) || jackson(type.getDeclaredField(c.getName()))) {
        return null;
      }
      names[i] = NAMING.nameForField(null, null, c.getName()); // translates the name only
      readers[i] = valueReader(c.getGenericType());
      if (readers[i] == null) {
        return null;
      }
    }
    return new RecordReader(type, names, readers, types);
  }

  /** The JSON name of an injected meta component, or null when it is not injected as expected. */
  private static String injectedName(RecordComponent c, boolean takesMeta) {
    if (!takesMeta) {
      return null;
    }
    for (Annotation a : c.getAnnotations()) {
      JacksonInject inject = a.annotationType().getAnnotation(JacksonInject.class);
      JsonProperty property = a.annotationType().getAnnotation(JsonProperty.class);
      if (inject != null && META_KEY.equals(inject.value()) && property != null) {
        return property.value();
      }
    }
    return null;
  }

  /** Whether Jackson would bind the record's properties plainly, by its canonical constructor. */
  private static boolean plain(Class<?> type) {
    for (Annotation a : type.getAnnotations()) {
      if (isJackson(a) && !HARMLESS.contains(a.annotationType())) {
        return false;
      }
    }
    Set<String> accessors = new HashSet<>();
    for (RecordComponent c : type.getRecordComponents()) {
      accessors.add(c.getName());
    }
    for (Method m : type.getDeclaredMethods()) {
      if (Modifier.isStatic(m.getModifiers())) {
        if (m.isAnnotationPresent(JsonCreator.class) || jackson(m)) {
          return false;
        }
        continue;
      }
      boolean accessor = accessors.contains(m.getName()) && m.getParameterCount() == 0;
      if (!accessor && (jackson(m) || getterLike(m))) {
        return false;
      }
    }
    for (var constructor : type.getDeclaredConstructors()) {
      if (annotated(constructor.getAnnotations())) {
        return false;
      }
      Class<?>[] parameters = constructor.getParameterTypes();
      Annotation[][] annotations = constructor.getParameterAnnotations();
      for (int i = 0; i < parameters.length; i++) {
        if (parameters[i] != EventMeta.class && annotated(annotations[i])) {
          return false; // the injected meta's own annotation is read by injectedName
        }
      }
    }
    return true;
  }

  private static boolean getterLike(Method m) {
    if (m.getParameterCount() != 0 || !Modifier.isPublic(m.getModifiers())) {
      return false;
    }
    String name = m.getName();
    return name.startsWith("get")
        || name.startsWith("is")
        || Collection.class.isAssignableFrom(m.getReturnType())
        || Map.class.isAssignableFrom(m.getReturnType());
  }

  private ValueReader valueReader(Type type) {
    if (type instanceof ParameterizedType p && p.getRawType() == List.class) {
      Type element = p.getActualTypeArguments()[0];
      ValueReader reader = element instanceof Class<?> c ? valueReader(c) : null;
      return reader == null ? null : ValueReader.listOf(reader);
    }
    if (type instanceof ParameterizedType p
        && p.getRawType() == Map.class
        && p.getActualTypeArguments()[0] == String.class
        && p.getActualTypeArguments()[1] == String.class) {
      return ValueReader.STRING_MAP;
    }
    return type instanceof Class<?> c ? valueReader(c) : null;
  }

  private ValueReader valueReader(Class<?> type) {
    if (type == String.class) {
      return ValueReader.STRING;
    } else if (type == Integer.class) {
      return ValueReader.INTEGER;
    } else if (type == int.class) {
      return ValueReader.INT;
    } else if (type == Long.class) {
      return ValueReader.LONG;
    } else if (type == long.class) {
      return ValueReader.PRIMITIVE_LONG;
    } else if (type == Boolean.class) {
      return ValueReader.BOOLEAN;
    } else if (type == Snowflake.class) {
      return ValueReader.SNOWFLAKE;
    }
    return type.isRecord() ? reader(type, false) : null;
  }

  private static boolean jackson(AnnotatedElement element) {
    if (element == null) {
      return false;
    }
    if (annotated(element.getAnnotations())) {
      return true;
    }
    if (element instanceof Executable e) {
      for (Annotation[] parameter : e.getParameterAnnotations()) {
        if (annotated(parameter)) {
          return true;
        }
      }
    }
    return false;
  }

  private static boolean annotated(Annotation[] annotations) {
    for (Annotation a : annotations) {
      if (isJackson(a)) {
        return true;
      }
    }
    return false;
  }

  private static boolean isJackson(Annotation a) {
    Class<? extends Annotation> t = a.annotationType();
    String name = t.getName();
    return name.startsWith("com.fasterxml.jackson.")
        || name.startsWith("tools.jackson.")
        || t.isAnnotationPresent(JacksonAnnotationsInside.class);
  }
}
