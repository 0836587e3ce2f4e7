package dev.sluice.gateway.reactor;

/**
 * The fault knobs of a {@link SimDiscord}, switched by a {@link FaultSchedule} as it runs. The
 * defaults are Discord behaving well. Confined to the virtual-time thread.
 */
final class SimFaults {

  enum Acks {
    NORMAL,
    DELAYED,
    STOPPED
  }

  long heartbeatMillis = 41_250;
  boolean split;
  boolean refuse;
  boolean reconnectBeforeHello;
  boolean helloSilent;
  long helloDelayMillis;
  boolean readySilent;
  long readyDelayMillis;
  boolean identifyRefused;
  boolean omitResumeUrl;
  boolean resumedSilent;
  long resumedDelayMillis;
  Acks acks = Acks.NORMAL;
  long ackDelayMillis;
  int replayOverlap;
  boolean replayDuplicates;

  /** How long the client's close frames take to be written (a slow socket). */
  long closeDelayMillis;

  /** Back to a well-behaved server (the shape of the replay stays: it is not a fault to heal). */
  void heal() {
    refuse = false;
    reconnectBeforeHello = false;
    helloSilent = false;
    helloDelayMillis = 0;
    readySilent = false;
    readyDelayMillis = 0;
    identifyRefused = false;
    resumedSilent = false;
    resumedDelayMillis = 0;
    acks = Acks.NORMAL;
  }
}
