package dev.sluice.gateway.core.event;

import com.fasterxml.jackson.annotation.JacksonAnnotationsInside;
import com.fasterxml.jackson.annotation.JacksonInject;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.OptBoolean;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks the {@link EventMeta} component of an event record: the decoder injects it; it is never
 * read from the payload (whose own {@code meta} key, as in RATE_LIMITED, stays free).
 */
@Retention(RetentionPolicy.RUNTIME)
@Target({
  ElementType.PARAMETER,
  ElementType.FIELD,
  ElementType.METHOD,
  ElementType.RECORD_COMPONENT
})
@JacksonAnnotationsInside
@JacksonInject(value = EventMeta.INJECT_KEY, useInput = OptBoolean.FALSE)
@JsonProperty("@meta")
@interface InjectedMeta {}
