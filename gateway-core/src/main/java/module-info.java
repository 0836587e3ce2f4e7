/**
 * The Discord Gateway protocol without I/O. Exported to everyone: the vocabulary a bot uses (token,
 * intents, shards, sessions, disconnect reasons, compression, opcodes and close codes), the typed
 * events and their model, and the commands a bot may send. Internal, exported only to the Sluice
 * modules built on it: the codec, the inflaters, the pure session machine and the rate-limit
 * arithmetic.
 */
module dev.sluice.gateway.core {
  requires transitive tools.jackson.databind;
  requires transitive com.fasterxml.jackson.annotation;
  // Optional: only zstd-stream needs it (see ZstdSupport); absent at run time is fine otherwise.
  requires static com.github.luben.zstd_jni;

  exports dev.sluice.gateway.core;
  exports dev.sluice.gateway.core.protocol;
  exports dev.sluice.gateway.core.command;
  exports dev.sluice.gateway.core.event;
  exports dev.sluice.gateway.core.model;
  exports dev.sluice.gateway.core.internal to
      dev.sluice.gateway.testkit;
  exports dev.sluice.gateway.core.internal.codec to
      dev.sluice.gateway.reactor,
      dev.sluice.gateway.redis,
      dev.sluice.gateway.testkit;
  exports dev.sluice.gateway.core.internal.compression to
      dev.sluice.gateway.reactor;
  exports dev.sluice.gateway.core.internal.session to
      dev.sluice.gateway.reactor;
  exports dev.sluice.gateway.core.internal.limit to
      dev.sluice.gateway.reactor,
      dev.sluice.gateway.testkit;

  opens dev.sluice.gateway.core to
      tools.jackson.databind;
  opens dev.sluice.gateway.core.internal.codec to
      tools.jackson.databind;
  opens dev.sluice.gateway.core.command to
      tools.jackson.databind;
  opens dev.sluice.gateway.core.event to
      tools.jackson.databind;
  opens dev.sluice.gateway.core.model to
      tools.jackson.databind;
}
