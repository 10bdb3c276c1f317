package io.eventgateway.app.observe;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class SubscriptionMeterBookTest {
  private static final Duration EXPIRY = Duration.ofMinutes(5);

  private final AtomicLong nanos = new AtomicLong(1_000);
  private final List<SubscriptionMeterBook.Key> registered = new ArrayList<>();
  private final List<SubscriptionMeterBook.Key> removed = new ArrayList<>();
  private final SubscriptionMeterBook<SubscriptionMeterBook.Key> book =
      new SubscriptionMeterBook<>(
          new GroupLabelLimits(3, EXPIRY),
          nanos::get,
          key -> {
            registered.add(key);
            return key;
          },
          removed::add);

  private void advance(Duration by) {
    nanos.addAndGet(by.toNanos());
  }

  @Test
  void subscriptionsOfOnePairShareItsMeters() {
    SubscriptionMeterBook.Opened<SubscriptionMeterBook.Key> first = book.open("orders", "billing");
    SubscriptionMeterBook.Opened<SubscriptionMeterBook.Key> second = book.open("orders", "billing");

    assertThat(first.meters()).isSameAs(second.meters());
    assertThat(registered).containsExactly(new SubscriptionMeterBook.Key("orders", "billing"));
  }

  @Test
  void beyondTheCapNewGroupsShareTheOtherLabelAndKnownOnesKeepTheirs() {
    book.open("orders", "a");
    book.open("orders", "b");
    book.open("orders", "c");

    assertThat(book.open("orders", "d").key())
        .isEqualTo(new SubscriptionMeterBook.Key("orders", "(other)"));
    assertThat(book.open("orders", "e").key())
        .isEqualTo(new SubscriptionMeterBook.Key("orders", "(other)"));
    assertThat(book.open("payments", "a").key())
        .as("a labelled group keeps its label on another stream")
        .isEqualTo(new SubscriptionMeterBook.Key("payments", "a"));
    assertThat(book.open("orders", "").key())
        .as("no group is not a group name: never capped")
        .isEqualTo(new SubscriptionMeterBook.Key("orders", ""));
    assertThat(book.labelledGroups()).isEqualTo(3);
  }

  @Test
  void anIdlePairsMetersAreRemovedAfterTheExpiryAndItsLabelFreed() {
    SubscriptionMeterBook.Opened<SubscriptionMeterBook.Key> billing =
        book.open("orders", "billing");
    book.open("orders", "b");
    book.open("orders", "c");
    book.close(billing.key());

    advance(EXPIRY.minusSeconds(1));
    book.expireIdle();
    assertThat(removed).isEmpty();

    advance(Duration.ofSeconds(1));
    book.expireIdle();
    assertThat(removed).containsExactly(new SubscriptionMeterBook.Key("orders", "billing"));
    assertThat(book.labelledGroups()).isEqualTo(2);
    assertThat(book.open("orders", "d").key())
        .as("the freed label goes to the next new group")
        .isEqualTo(new SubscriptionMeterBook.Key("orders", "d"));
  }

  @Test
  void aPairWithAnOpenSubscriptionNeverExpires() {
    SubscriptionMeterBook.Opened<SubscriptionMeterBook.Key> one = book.open("orders", "billing");
    SubscriptionMeterBook.Opened<SubscriptionMeterBook.Key> two = book.open("orders", "billing");
    book.close(one.key());

    advance(EXPIRY.multipliedBy(10));
    book.expireIdle();
    assertThat(removed).isEmpty();

    book.close(two.key());
    advance(EXPIRY);
    book.expireIdle();
    assertThat(removed).containsExactly(new SubscriptionMeterBook.Key("orders", "billing"));
  }

  @Test
  void aSubscriptionThatReturnsBeforeTheExpiryKeepsTheMeters() {
    SubscriptionMeterBook.Opened<SubscriptionMeterBook.Key> first = book.open("orders", "billing");
    book.close(first.key());
    advance(EXPIRY.minusSeconds(10));

    SubscriptionMeterBook.Opened<SubscriptionMeterBook.Key> again = book.open("orders", "billing");
    advance(EXPIRY);
    book.expireIdle();

    assertThat(again.meters()).isSameAs(first.meters());
    assertThat(removed).isEmpty();
    assertThat(registered).hasSize(1);
  }

  @Test
  void theOtherPairExpiresLikeAnyOther() {
    for (String group : List.of("a", "b", "c")) {
      book.open("orders", group);
    }
    SubscriptionMeterBook.Opened<SubscriptionMeterBook.Key> folded = book.open("orders", "d");
    book.close(folded.key());

    advance(EXPIRY);
    book.expireIdle();

    assertThat(removed).containsExactly(new SubscriptionMeterBook.Key("orders", "(other)"));
    assertThat(book.labelledGroups()).isEqualTo(3);
  }

  @Test
  void manyInventedGroupsLeaveAtMostTheCapAndExpireAway() {
    for (int i = 0; i < 500; i++) {
      SubscriptionMeterBook.Opened<SubscriptionMeterBook.Key> opened =
          book.open("orders", "invented-" + i);
      book.close(opened.key());
    }
    assertThat(book.pairs()).as("3 groups and (other)").isEqualTo(4);

    advance(EXPIRY);
    book.expireIdle();

    assertThat(book.pairs()).isZero();
    assertThat(book.labelledGroups()).isZero();
  }

  @Test
  void closingWhatWasNotOpenedIsABug() {
    assertThatThrownBy(() -> book.close(new SubscriptionMeterBook.Key("orders", "never")))
        .isInstanceOf(IllegalStateException.class);
  }
}
