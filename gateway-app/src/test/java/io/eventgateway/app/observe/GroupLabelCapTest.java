package io.eventgateway.app.observe;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class GroupLabelCapTest {
  private final GroupLabelCap cap = new GroupLabelCap(2);

  @Test
  void takesNewGroupsInNameOrderUpToTheCap() {
    assertThat(cap.labelled(List.of("zeta", "alpha", "mid")))
        .containsExactlyInAnyOrder("alpha", "mid");
  }

  @Test
  void aLabelledGroupKeepsItsLabelWhileTheClusterHasIt() {
    cap.labelled(List.of("m", "n"));

    assertThat(cap.labelled(List.of("a", "b", "m", "n")))
        .as("groups that sort first do not push out the labelled ones")
        .containsExactlyInAnyOrder("m", "n");
  }

  @Test
  void aGroupTheClusterNoLongerHasFreesItsLabel() {
    cap.labelled(List.of("m", "n"));

    assertThat(cap.labelled(List.of("a", "b", "n"))).containsExactlyInAnyOrder("a", "n");
  }
}
