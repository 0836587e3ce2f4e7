/**
 * The Discord Gateway protocol without I/O: vocabulary, codec, transport decompression and the pure
 * per-connection session state machine.
 */
module dev.sluice.gateway.core {
  requires transitive tools.jackson.databind;
  requires transitive com.fasterxml.jackson.annotation;

  exports dev.sluice.gateway.core;
  exports dev.sluice.gateway.core.protocol;
  exports dev.sluice.gateway.core.command;
  exports dev.sluice.gateway.core.codec;
  exports dev.sluice.gateway.core.event;
  exports dev.sluice.gateway.core.model;
  exports dev.sluice.gateway.core.compression;
  exports dev.sluice.gateway.core.session;
  exports dev.sluice.gateway.core.limit;
  exports dev.sluice.gateway.core.internal to
      dev.sluice.gateway.reactor,
      dev.sluice.gateway.testkit;

  opens dev.sluice.gateway.core to
      tools.jackson.databind;
  opens dev.sluice.gateway.core.codec to
      tools.jackson.databind;
  opens dev.sluice.gateway.core.command to
      tools.jackson.databind;
  opens dev.sluice.gateway.core.event to
      tools.jackson.databind;
  opens dev.sluice.gateway.core.model to
      tools.jackson.databind;
}
