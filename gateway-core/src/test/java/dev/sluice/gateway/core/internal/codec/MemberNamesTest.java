package dev.sluice.gateway.core.internal.codec;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import tools.jackson.core.sym.PropertyNameMatcher;

class MemberNamesTest {

  @Test
  void componentsKeepTheirIndexesAndLearnedNamesComeAfterThem() {
    MemberNames names = new MemberNames(new String[] {"id", "channel_id"});
    names.learn("embeds");
    PropertyNameMatcher matcher = names.matcher();
    assertThat(matcher.matchName("id")).isZero();
    assertThat(matcher.matchName("channel_id")).isEqualTo(1);
    assertThat(matcher.matchName("embeds")).isEqualTo(2);
    assertThat(matcher.matchName("components")).isNegative();
  }

  @Test
  void learningStopsAtItsBound() {
    MemberNames names = new MemberNames(new String[] {"id"});
    for (int i = 0; i < MemberNames.MAX_LEARNED + 50; i++) {
      names.learn("made_up_" + i);
    }
    PropertyNameMatcher matcher = names.matcher();
    int learned = 0;
    for (int i = 0; i < MemberNames.MAX_LEARNED + 50; i++) {
      if (matcher.matchName("made_up_" + i) > 0) {
        learned++;
      }
    }
    assertThat(learned).isEqualTo(MemberNames.MAX_LEARNED);
    assertThat(matcher.matchName("id")).isZero();
  }
}
