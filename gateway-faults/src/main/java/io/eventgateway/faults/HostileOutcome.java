package io.eventgateway.faults;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What the {@code hostile-clients} scenario's attackers got and what the gateway's memory did
 * meanwhile, and whether that held: the memory budget within its bound, the unfinished request
 * messages within {@code grpc.max-unfinished-bytes}, no OutOfMemoryError in the gateway's log, and
 * every attack refused by the limit it is aimed at (an attack that never reaches its limit proves
 * nothing).
 *
 * @param attacks each attack's counts by outcome, in the order they are reported
 * @param memory the maxima of the gateway's memory figures during the attack
 * @param publishCalls publish calls open at once at most (the suite's and the attackers'), each of
 *     which may take one message beyond the budget
 * @param maxInboundMessageBytes {@code grpc.max-inbound-message-bytes}
 * @param maxUnfinishedBytes {@code grpc.max-unfinished-bytes}
 * @param outOfMemory whether the gateway's log has an OutOfMemoryError
 */
record HostileOutcome(
    Map<String, Map<String, Long>> attacks,
    MemoryWatch.Maxima memory,
    int publishCalls,
    long maxInboundMessageBytes,
    long maxUnfinishedBytes,
    boolean outOfMemory) {
  static final String LARGE_EVENTS = "large events";
  static final String UNFINISHED = "unfinished messages";
  static final String METADATA = "oversized metadata";
  static final String BURST = "connection burst";

  private static final double MIB = 1 << 20;
  private static final Pattern SETTING = Pattern.compile("\\b(?:grpc|memory)\\.[a-z-]+");

  public HostileOutcome {
    attacks = Map.copyOf(attacks);
  }

  /**
   * An attacker's outcome for a status: its code, and the setting its description names, as in
   * {@code RESOURCE_EXHAUSTED (grpc.max-metadata-bytes)}.
   */
  static String status(String code, String description) {
    Matcher setting = SETTING.matcher(description == null ? "" : description);
    return setting.find() ? code + " (" + setting.group() + ")" : code;
  }

  /** The most the budget may count: the budget plus one message per open publish call. */
  public long budgetBound() {
    return memory.budget() + publishCalls * maxInboundMessageBytes;
  }

  /** What did not hold; empty when everything did. */
  public List<String> violations() {
    List<String> violations = new ArrayList<>();
    if (memory.scrapes() == 0) {
      violations.add("no /metrics scrape answered during the attack");
    }
    if (memory.budget() == 0) {
      violations.add("no esg_memory_budget_bytes on /metrics");
    }
    if (memory.budgetUsed() > budgetBound()) {
      violations.add(
          String.format(
              Locale.ROOT,
              "memory budget used %.1f MiB, over its bound of %.1f MiB",
              memory.budgetUsed() / MIB,
              budgetBound() / MIB));
    }
    if (memory.unfinished() > maxUnfinishedBytes) {
      violations.add(
          String.format(
              Locale.ROOT,
              "unfinished messages held %.1f MiB, over grpc.max-unfinished-bytes (%.1f MiB)",
              memory.unfinished() / MIB,
              maxUnfinishedBytes / MIB));
    }
    if (outOfMemory) {
      violations.add("the gateway logged an OutOfMemoryError");
    }
    requireOutcome(violations, LARGE_EVENTS, "acknowledged", "no large event acknowledged");
    requireOutcome(
        violations,
        UNFINISHED,
        "RESOURCE_EXHAUSTED (grpc.max-unfinished-bytes",
        "no unfinished message refused by its bound");
    requireOutcome(
        violations,
        METADATA,
        "RESOURCE_EXHAUSTED (grpc.max-metadata-bytes)",
        "oversized metadata never refused by its limit");
    requireOutcome(
        violations, BURST, "closed at once", "no connection of the burst closed by the limit");
    return violations;
  }

  /**
   * Adds {@code violation} unless {@code attack} had an outcome that starts with {@code prefix}.
   */
  private void requireOutcome(
      List<String> violations, String attack, String prefix, String violation) {
    Map<String, Long> outcomes = attacks.getOrDefault(attack, Map.of());
    if (outcomes.entrySet().stream()
        .noneMatch(o -> o.getKey().startsWith(prefix) && o.getValue() > 0)) {
      violations.add(violation + " (" + attack + ": " + attacks.get(attack) + ")");
    }
  }

  /** The attacks' counts and the memory maxima, as Markdown. */
  public String describe() {
    StringBuilder text = new StringBuilder();
    text.append("| attack | what the attackers got |\n|---|---|\n");
    for (String attack : List.of(LARGE_EVENTS, UNFINISHED, METADATA, BURST)) {
      text.append("| ").append(attack).append(" | ");
      StringBuilder counts = new StringBuilder();
      attacks
          .getOrDefault(attack, Map.of())
          .forEach(
              (outcome, count) ->
                  counts.append(counts.length() == 0 ? "" : ", ").append(outcome + " " + count));
      text.append(counts).append(" |\n");
    }
    text.append(
        String.format(
            Locale.ROOT,
            "%nmemory (maxima of %d scrapes): budget used %.1f of %.1f MiB (bound %.1f MiB);"
                + " unfinished messages %.1f of %.1f MiB; Netty direct memory %.1f of %.1f MiB;"
                + " heap used %.1f of %.1f MiB, live after GC %.1f MiB; OutOfMemoryError in the"
                + " log: %s%n",
            memory.scrapes(),
            memory.budgetUsed() / MIB,
            memory.budget() / MIB,
            budgetBound() / MIB,
            memory.unfinished() / MIB,
            maxUnfinishedBytes / MIB,
            memory.directUsed() / MIB,
            memory.directMax() / MIB,
            memory.heapUsed() / MIB,
            memory.heapMax() / MIB,
            memory.liveAfterGc() / MIB,
            outOfMemory ? "yes" : "no"));
    List<String> violations = violations();
    text.append(violations.isEmpty() ? "held" : "did not hold: " + String.join("; ", violations));
    text.append('\n');
    return text.toString();
  }
}
