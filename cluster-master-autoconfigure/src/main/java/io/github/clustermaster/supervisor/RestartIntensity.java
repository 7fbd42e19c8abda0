package io.github.clustermaster.supervisor;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;

/**
 * Crash-loop protection in the vocabulary of Erlang/OTP supervisors: at most
 * {@code maxRestarts} crashes within {@code period}, then give up; and an exponential
 * backoff, capped, before respawning workers that died young.
 *
 * @param maxRestarts how many crashes are tolerated within the period
 * @param period the sliding window the crashes are counted in
 * @param initialBackoff the delay before the first respawn of a worker that died young
 * @param maxBackoff the cap of the doubling delay
 * @author cluster-master
 */
public record RestartIntensity(int maxRestarts, Duration period, Duration initialBackoff, Duration maxBackoff) {

	/**
	 * The delay before respawning after the given number of young deaths in a row.
	 * @param youngDeaths the number of consecutive workers that died young, at least 1
	 * @return the delay
	 */
	public Duration backoff(int youngDeaths) {
		Duration delay = this.initialBackoff;
		for (int i = 1; i < youngDeaths && delay.compareTo(this.maxBackoff) < 0; i++) {
			delay = delay.multipliedBy(2);
		}
		return (delay.compareTo(this.maxBackoff) > 0) ? this.maxBackoff : delay;
	}

	/**
	 * Record a crash and tell whether the intensity is exceeded.
	 * @param crashes the recent crash times, oldest first; pruned and appended to
	 * @param now the time of this crash
	 * @return whether more than {@code maxRestarts} crashes happened within the period
	 */
	boolean exceededBy(Deque<Instant> crashes, Instant now) {
		crashes.addLast(now);
		Instant horizon = now.minus(this.period);
		while (!crashes.isEmpty() && crashes.peekFirst().isBefore(horizon)) {
			crashes.removeFirst();
		}
		return crashes.size() > this.maxRestarts;
	}

	static Deque<Instant> newHistory() {
		return new ArrayDeque<>();
	}

}
