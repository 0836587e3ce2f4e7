package dev.sluice.spring.boot;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/**
 * Reports a missing or malformed {@code sluice.token} as what to set, instead of a stack trace.
 * Never shows the token. Registered in {@code META-INF/spring.factories}.
 */
public final class TokenFailureAnalyzer extends AbstractFailureAnalyzer<InvalidTokenException> {

  @Override
  protected FailureAnalysis analyze(Throwable rootFailure, InvalidTokenException cause) {
    String action =
        cause.kind() == InvalidTokenException.Kind.MISSING
            ? "Set sluice.token to your bot's token (Discord developer portal, Bot, Reset Token),"
                + " for example from the environment: sluice.token: ${DISCORD_TOKEN}, or set the"
                + " SLUICE_TOKEN environment variable."
            : "Set sluice.token to the token exactly as the Discord developer portal shows it:"
                + " three parts separated by dots, with no 'Bot ' prefix, quotes or spaces.";
    return new FailureAnalysis(
        "The Discord gateway cannot start: " + cause.getMessage() + ".", action, cause);
  }
}
