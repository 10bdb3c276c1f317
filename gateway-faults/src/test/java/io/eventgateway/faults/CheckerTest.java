package io.eventgateway.faults;

import static org.assertj.core.api.Assertions.assertThat;

import io.eventgateway.faults.Checker.Report;
import io.eventgateway.faults.Checker.Stored;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class CheckerTest {
  private final Ledger ledger = new Ledger();
  private final List<Stored> topic = new ArrayList<>();

  /** Sends {@code id} and acknowledges it where it is stored. */
  private void acknowledgedAndStored(String id, String subject, long sequence, int p, long o) {
    ledger.sent(id, subject, sequence);
    ledger.acknowledged(id, p, o);
    topic.add(new Stored(p, o, id, subject, sequence));
  }

  @Test
  void aCleanRunIsSafeAndCountsEverything() {
    acknowledgedAndStored("a1", "a", 1, 0, 0);
    acknowledgedAndStored("a2", "a", 2, 0, 1);
    acknowledgedAndStored("b1", "b", 1, 1, 0);
    ledger.sent("a3", "a", 3);
    ledger.failed("a3");

    Report report = Checker.check(ledger, topic);

    assertThat(report.safe()).isTrue();
    assertThat(report.sent()).isEqualTo(4);
    assertThat(report.acknowledged()).isEqualTo(3);
    assertThat(report.lost()).isEmpty();
    assertThat(report.duplicateRecords()).isZero();
    assertThat(report.unknown()).isZero();
  }

  @Test
  void anAcknowledgedEventMissingFromTheTopicIsLost() {
    acknowledgedAndStored("a1", "a", 1, 0, 0);
    ledger.sent("a2", "a", 2);
    ledger.acknowledged("a2", 0, 1);

    Report report = Checker.check(ledger, topic);

    assertThat(report.lost()).containsExactly("a2");
    assertThat(report.safe()).isFalse();
  }

  @Test
  void anEventFoundElsewhereThanItsAcknowledgementIsMisplaced() {
    ledger.sent("a1", "a", 1);
    ledger.acknowledged("a1", 0, 7);
    topic.add(new Stored(0, 3, "a1", "a", 1));

    Report report = Checker.check(ledger, topic);

    assertThat(report.lost()).isEmpty();
    assertThat(report.misplaced()).containsExactly("a1");
    assertThat(report.safe()).isFalse();
  }

  @Test
  void copiesOfAnIdAreDuplicatesButNotLossOrDisorder() {
    acknowledgedAndStored("a1", "a", 1, 0, 0);
    topic.add(new Stored(0, 1, "a1", "a", 1));
    topic.add(new Stored(0, 2, "a1", "a", 1));
    acknowledgedAndStored("a2", "a", 2, 0, 3);

    Report report = Checker.check(ledger, topic);

    assertThat(report.duplicateRecords()).isEqualTo(2);
    assertThat(report.duplicatedIds()).isEqualTo(1);
    assertThat(report.orderViolations()).isZero();
    assertThat(report.safe()).isTrue();
  }

  @Test
  void acknowledgedEventsOfASubjectOutOfSequenceOrderAreViolations() {
    acknowledgedAndStored("a2", "a", 2, 0, 0);
    acknowledgedAndStored("a1", "a", 1, 0, 1);
    acknowledgedAndStored("a3", "a", 3, 1, 0);

    Report report = Checker.check(ledger, topic);

    assertThat(report.orderViolations())
        .as("a2 before a1, and a3 in another partition")
        .isEqualTo(2);
    assertThat(report.safe()).isFalse();
  }

  @Test
  void aRetriedEventLandingAfterLaterOnesIsNotAnOrderViolation() {
    ledger.sent("a1", "a", 1);
    ledger.unknown("a1");
    acknowledgedAndStored("a2", "a", 2, 0, 0);
    ledger.sent("a1", "a", 1);
    ledger.acknowledged("a1", 0, 1);
    topic.add(new Stored(0, 1, "a1", "a", 1));

    Report report = Checker.check(ledger, topic);

    assertThat(ledger.get("a1").retried()).isTrue();
    assertThat(report.orderViolations()).isZero();
    assertThat(report.safe()).isTrue();
  }

  @Test
  void aDefiniteFailureThatIsInTheTopicIsCaughtAndUnknownsAreCounted() {
    ledger.sent("f1", "f", 1);
    ledger.failed("f1");
    topic.add(new Stored(0, 0, "f1", "f", 1));
    ledger.sent("u1", "u", 1);
    ledger.unknown("u1");
    topic.add(new Stored(0, 1, "u1", "u", 1));
    ledger.sent("u2", "u", 2);

    Report report = Checker.check(ledger, topic);

    assertThat(report.failedYetPresent()).containsExactly("f1");
    assertThat(report.unknown()).isEqualTo(2);
    assertThat(report.unknownPresent()).isEqualTo(1);
    assertThat(report.safe()).isFalse();
  }

  @Test
  void aRetriedUnknownThatIsAcknowledgedCountsAsAcknowledgedAndAFailureStaysFinal() {
    ledger.sent("u1", "u", 1);
    ledger.unknown("u1");
    ledger.acknowledged("u1", 0, 0);
    ledger.sent("f1", "f", 1);
    ledger.failed("f1");
    ledger.unknown("f1");

    assertThat(ledger.get("u1").outcome()).isEqualTo(Ledger.Outcome.ACKNOWLEDGED);
    assertThat(ledger.get("f1").outcome()).isEqualTo(Ledger.Outcome.FAILED);
  }
}
