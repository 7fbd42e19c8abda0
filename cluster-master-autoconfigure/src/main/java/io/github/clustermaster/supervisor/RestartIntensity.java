package io.github.clustermaster.supervisor;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

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
	 * The crashes that count once one more happens at {@code now}, as OTP's
	 * {@code add_restart} keeps them: those within the period before it, and it.
	 * @param crashes the earlier crash times, oldest first; left as they are
	 * @param now the time of this crash
	 * @return a new list, oldest first
	 */
	List<Instant> withCrash(List<Instant> crashes, Instant now) {
		Instant horizon = now.minus(this.period);
		List<Instant> counted = new ArrayList<>(crashes.size() + 1);
		crashes.stream().filter((crash) -> !crash.isBefore(horizon)).forEach(counted::add);
		counted.add(now);
		return List.copyOf(counted);
	}

	/**
	 * Whether the intensity is exceeded.
	 * @param crashes the crashes within the period, as {@link #withCrash} returns them
	 * @return whether they are more than {@code maxRestarts}
	 */
	boolean exceededBy(List<Instant> crashes) {
		return crashes.size() > this.maxRestarts;
	}

}
