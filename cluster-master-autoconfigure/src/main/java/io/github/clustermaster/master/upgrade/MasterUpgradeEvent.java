package io.github.clustermaster.master.upgrade;

import org.springframework.context.ApplicationEvent;

/**
 * A master upgrade changed which master serves: published in the old master when it hands
 * over to the new one ({@link Kind#HANDED_OVER}), and in the new master when it takes over
 * ({@link Kind#TOOK_OVER}). What belongs to the live master follows it: the pid file is
 * written and the REPL listens in the new one; the old one's REPL sessions are told where
 * the new master is.
 *
 * @author cluster-master
 */
public final class MasterUpgradeEvent extends ApplicationEvent {

	private final Kind kind;

	private final long otherPid;

	/**
	 * Create the event.
	 * @param source what publishes it
	 * @param kind what happened to this master
	 * @param otherPid the other master's pid
	 */
	public MasterUpgradeEvent(Object source, Kind kind, long otherPid) {
		super(source);
		this.kind = kind;
		this.otherPid = otherPid;
	}

	/**
	 * Whether an upgrade started this master, which then waits to take over: what belongs
	 * to the live master (the REPL, the pid file) is the old master's until it does.
	 * @return whether this master replaces another
	 */
	public static boolean startedByUpgrade() {
		return UpgradeEnvironment.predecessor(System.getenv()) != null;
	}

	/**
	 * What happened to this master.
	 * @return the kind
	 */
	public Kind kind() {
		return this.kind;
	}

	/**
	 * The other master: the new one after a hand-over, the old one after a take-over.
	 * @return its pid
	 */
	public long otherPid() {
		return this.otherPid;
	}

	/**
	 * What happened to this master.
	 */
	public enum Kind {

		/** This master handed over to a new one and is about to drain its workers and exit. */
		HANDED_OVER,

		/** This master took over from the one it replaces. */
		TOOK_OVER

	}

}
