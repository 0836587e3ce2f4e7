package dev.sluice.gateway.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.Constructor;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.RecordComponent;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The testkit's public signatures name only types a user's test can see: nothing from {@code
 * dev.sluice.gateway.core.internal}, which gateway-core exports only to Sluice's own modules.
 */
class PublicApiTest {

  static final List<Class<?>> PUBLIC =
      List.of(
          FakeGateway.class,
          FakeGatewayBuilder.class,
          FakeGatewayExtension.class,
          FakeGatewayMain.class,
          Frame.class,
          Transcript.class,
          Events.class);

  @Test
  void noPublicSignatureNamesAnInternalType() {
    List<String> leaks = new ArrayList<>();
    for (Class<?> type : withNested(PUBLIC)) {
      for (Method m : type.getDeclaredMethods()) {
        if (Modifier.isPublic(m.getModifiers())) {
          check(leaks, type, m.getName(), m.getGenericReturnType().getTypeName());
          for (var p : m.getGenericParameterTypes()) {
            check(leaks, type, m.getName(), p.getTypeName());
          }
        }
      }
      for (Constructor<?> c : type.getDeclaredConstructors()) {
        if (Modifier.isPublic(c.getModifiers())) {
          for (var p : c.getGenericParameterTypes()) {
            check(leaks, type, "<init>", p.getTypeName());
          }
        }
      }
      for (Field f : type.getDeclaredFields()) {
        if (Modifier.isPublic(f.getModifiers())) {
          check(leaks, type, f.getName(), f.getGenericType().getTypeName());
        }
      }
      if (type.isRecord()) {
        for (RecordComponent rc : type.getRecordComponents()) {
          check(leaks, type, rc.getName(), rc.getGenericType().getTypeName());
        }
      }
    }
    assertThat(leaks).isEmpty();
  }

  @Test
  void frameIsASealedSetOfRecords() {
    assertThat(Frame.class.isSealed()).isTrue();
    assertThat(Frame.class.getPermittedSubclasses())
        .containsExactlyInAnyOrder(
            Frame.Opened.class, Frame.Payload.class, Frame.Raw.class, Frame.Closed.class)
        .allSatisfy(kind -> assertThat(kind.isRecord()).as(kind.getName()).isTrue());
  }

  private static List<Class<?>> withNested(List<Class<?>> types) {
    List<Class<?>> all = new ArrayList<>();
    for (Class<?> type : types) {
      all.add(type);
      for (Class<?> nested : type.getDeclaredClasses()) {
        if (Modifier.isPublic(nested.getModifiers())) {
          all.addAll(withNested(List.of(nested)));
        }
      }
    }
    return all;
  }

  private static void check(List<String> leaks, Class<?> owner, String member, String type) {
    if (type.contains("dev.sluice.gateway.core.internal")) {
      leaks.add(owner.getName() + "." + member + ": " + type);
    }
  }
}
