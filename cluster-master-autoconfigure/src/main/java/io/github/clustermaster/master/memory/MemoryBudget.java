package io.github.clustermaster.master.memory;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.IntPredicate;

import io.github.clustermaster.control.Phrases;
import io.github.clustermaster.control.ResizeLimit;
import io.github.clustermaster.supervisor.MaxSurge;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.util.unit.DataSize;

/**
 * Fits the workers into the memory the master sees. Every worker JVM, left alone, takes a
 * quarter of that memory as its maximum heap, so four workers and the master could claim
 * more than all of it, and the kernel kills JVMs under load. The rule:
 * <ul>
 * <li>The memory {@code M} is {@code cluster.master.memory.limit}, else what
 * {@link VisibleMemory} finds (cgroup limit, else physical memory).</li>
 * <li>10 % of it is headroom (the kernel, the page cache, other processes),
 * {@value #MASTER_MIB} MiB are the master's.</li>
 * <li>The rest is shared by every JVM the master may run at once, at the peak of a
 * rolling restart to a new release: {@code size} workers, up to {@code max-surge}
 * replacements (at most {@code size}), the training run that builds the new release's
 * class-data archive (with {@code cluster.master.fast-start} on a {@code -jar} launch: it
 * starts once the release's first worker is ready, so while replacements still boot, and
 * takes the workers' options, their heap among them), and the hot spares
 * ({@code cluster.master.spares}; old spares drain while new ones boot after a rollout,
 * but never while it runs).</li>
 * <li>Each JVM needs its heap plus {@value #NON_HEAP_MIB} MiB for what is not heap
 * (metaspace, code cache, thread stacks, GC structures, buffers): a JVM's resident size
 * is well above its heap.</li>
 * </ul>
 * When no option sets the workers' heap, each worker gets {@code -Xmx} of its share, if
 * that is below the JVM's default; a share below {@value #MIN_HEAP_MIB} MiB of heap
 * fails the start. When an option sets it, the master checks that option against the
 * memory and warns. An unset {@code size} (one worker per processor) is lowered to what
 * fits. The workers' heap is decided once, for the start's {@code size}; a later resize
 * up whose workers would not fit at rest with that heap is refused unless forced.
 *
 * @author cluster-master
 */
public final class MemoryBudget implements ResizeLimit {

	private static final Log logger = LogFactory.getLog(MemoryBudget.class);

	static final long MIB = 1L << 20;

	static final long MASTER_MIB = 256;

	static final long NON_HEAP_MIB = 256;

	static final long MIN_HEAP_MIB = 128;

	static final int HEADROOM_PERCENT = 10;

	static final String ENABLED_PROPERTY = "cluster.master.memory.enabled";

	static final String LIMIT_PROPERTY = "cluster.master.memory.limit";

	private final long memory;

	private final String source;

	private final int size;

	private final long heap;

	private final String heapDescription;

	private final MaxSurge maxSurge;

	private final OtherJvms others;

	private final @Nullable String option;

	private final String summary;

	private final boolean fits;

	private MemoryBudget(long memory, String source, int size, long heap, String heapDescription, MaxSurge maxSurge,
			OtherJvms others, @Nullable String option, String summary, boolean fits) {
		this.memory = memory;
		this.source = source;
		this.size = size;
		this.heap = heap;
		this.heapDescription = heapDescription;
		this.maxSurge = maxSurge;
		this.others = others;
		this.option = option;
		this.summary = summary;
		this.fits = fits;
	}

	/**
	 * The budget of this master's workers, logged once.
	 * @param request what the budget is asked to fit
	 * @param seen the memory this JVM sees
	 * @return the budget
	 * @throws MemoryBudgetException if the workers cannot fit
	 */
	public static MemoryBudget of(Request request, VisibleMemory seen) {
		// Autoscaling: plan for as many of the most workers as fit; the supervisor's bound
		// becomes what this budget's size says.
		Integer autoscaleMax = request.autoscaleMax();
		if (!request.enabled()) {
			MemoryBudget budget = disabled((autoscaleMax != null) ? autoscaleMax : request.defaultSize());
			logger.info(budget.summary());
			return budget;
		}
		HeapOptions heapOptions;
		try {
			heapOptions = HeapOptions.of(request.heapRelevantOptions());
		}
		catch (IllegalArgumentException ex) {
			throw new MemoryBudgetException("cluster.master.jvm-args", ex.getMessage(),
					"Write the workers' heap as the JVM takes it (-Xmx512m, -Xmx2g, -XX:MaxRAMPercentage=50), in "
							+ "cluster.master.jvm-args, the master's own options or a WorkerCommandLineCustomizer.");
		}
		DataSize limit = request.limit();
		MemoryBudget budget = plan(seen, (limit != null) ? limit.toBytes() : null, heapOptions,
				(autoscaleMax != null) ? null : request.size(),
				(autoscaleMax != null) ? autoscaleMax : Runtime.getRuntime().availableProcessors(),
				request.maxSurge(), request.others());
		if (budget.fits()) {
			logger.info(budget.summary());
		}
		else {
			logger.warn(budget.summary());
		}
		return budget;
	}

	/**
	 * No budget ({@code cluster.master.memory.enabled=false}): no option, no check.
	 * @param size the number of workers
	 * @return the budget
	 */
	static MemoryBudget disabled(int size) {
		return new MemoryBudget(0, "", size, 0, "", MaxSurge.UNBOUNDED, OtherJvms.NONE, null,
				"Memory budget off (" + ENABLED_PROPERTY + "=false): the workers' heaps are not checked", true);
	}

	/**
	 * Plan the workers' memory.
	 * @param seen the memory the worker JVMs see
	 * @param limit {@code cluster.master.memory.limit} in bytes, or {@code null}
	 * @param heapOptions what the workers' options set about the heap
	 * @param configuredSize {@code cluster.master.size}, or {@code null}
	 * @param processors the available processors (the default size)
	 * @param maxSurge how many workers boot at once
	 * @param others the JVMs the master runs besides its workers
	 * @return the budget
	 * @throws MemoryBudgetException if not even the configured size can fit
	 */
	static MemoryBudget plan(VisibleMemory seen, @Nullable Long limit, HeapOptions heapOptions,
			@Nullable Integer configuredSize, int processors, MaxSurge maxSurge, OtherJvms others) {
		long memory = (limit != null) ? limit : seen.bytes();
		String source = (limit != null) ? LIMIT_PROPERTY : seen.source();
		// the heap a worker takes with its options as they are (a quarter of what it sees, by default)
		long jvmHeap = heapOptions.maxHeap(seen.bytes());
		Shares shares = new Shares(memory, maxSurge, others);
		String seenText = "Memory budget: " + bytes(memory) + " seen (" + source + ")";
		if (heapOptions.explicit()) {
			String description = "max heap " + bytes(jvmHeap) + " from " + heapOptions.option();
			int size = (configuredSize != null) ? configuredSize
					: shares.largest(processors, (n) -> shares.need(n, jvmHeap) <= memory);
			boolean fits = shares.need(size, jvmHeap) <= memory;
			String summary = seenText + (fits ? ", " : ", but ") + shares.sum(size, jvmHeap, description)
					+ (fits ? " fit" : ": under load the kernel may kill workers; lower the heap or cluster.master.size")
					+ defaulted(configuredSize, size, processors);
			return new MemoryBudget(memory, source, size, jvmHeap, description, maxSurge, others, null, summary, fits);
		}
		long minHeap = MIN_HEAP_MIB * MIB;
		int size = (configuredSize != null) ? configuredSize
				: shares.largest(processors, (n) -> shares.heap(n) >= minHeap);
		if (size > 0 && shares.heap(size) < minHeap) {
			throw tooSmall(memory, source, size, configuredSize, shares);
		}
		long share = (size > 0) ? shares.heap(size) / MIB * MIB : jvmHeap;
		long heap = Math.min(share, jvmHeap);
		String option = (heap < jvmHeap) ? "-Xmx" + (heap / MIB) + "m" : null;
		String description = ((option != null) ? "max heap " : "default max heap ") + bytes(heap);
		String summary = seenText + ", " + shares.sum(size, heap, description) + " fit: "
				+ ((option != null) ? "workers get " + option : "workers keep the JVM's default heap")
				+ defaulted(configuredSize, size, processors);
		return new MemoryBudget(memory, source, size, heap, description, maxSurge, others, option, summary, true);
	}

	private static MemoryBudgetException tooSmall(long memory, String source, int size,
			@Nullable Integer configuredSize, Shares shares) {
		boolean oneFits = shares.heap(1) >= MIN_HEAP_MIB * MIB;
		String property = (configuredSize != null && oneFits) ? "cluster.master.size" : LIMIT_PROPERTY;
		String description = Phrases.workers(size) + " (" + shares.peak(size) + ") cannot fit in the " + bytes(memory) + " this master sees (" + source
				+ "): each would get " + bytes(Math.max(0, shares.heap(size))) + " of heap, below the minimum of "
				+ MIN_HEAP_MIB + " MiB, after " + NON_HEAP_MIB + " MiB non-heap each, the master's " + MASTER_MIB
				+ " MiB and " + HEADROOM_PERCENT + "% headroom";
		int fitting = shares.largest(size, (n) -> shares.heap(n) >= MIN_HEAP_MIB * MIB);
		String action = (oneFits ? "Lower cluster.master.size (" + Phrases.workers(fitting) + " fit), or give" : "Give")
				+ " the master more memory (" + LIMIT_PROPERTY + " if it is set too low), or set the workers' heap "
				+ "yourself (cluster.master.jvm-args=-Xmx...: then the master only warns), or set " + ENABLED_PROPERTY
				+ "=false.";
		return new MemoryBudgetException(property, description, action);
	}

	private static String defaulted(@Nullable Integer configuredSize, int size, int processors) {
		return (configuredSize == null && size < processors) ? "; size " + size + ", not one worker per processor ("
				+ processors + "): no more fit (set cluster.master.size to choose)" : "";
	}

	/**
	 * The number of workers to start.
	 * @return the size
	 */
	public int size() {
		return this.size;
	}

	/**
	 * The option given to every worker, if the master chose its heap.
	 * @return the option, e.g. {@code -Xmx1228m}, or {@code null}
	 */
	@Nullable String option() {
		return this.option;
	}

	/**
	 * The line the master logs once at start.
	 * @return the line
	 */
	public String summary() {
		return this.summary;
	}

	/**
	 * Whether the start's size fits (always, but for an explicit heap that is too large).
	 * @return whether it fits
	 */
	public boolean fits() {
		return this.fits;
	}

	/**
	 * Give the workers the heap chosen for them.
	 * @param jvmArgs the JVM options of the workers' command line, to add it to
	 */
	public void apply(List<String> jvmArgs) {
		if (this.option != null) {
			jvmArgs.add(this.option);
		}
	}

	/**
	 * Refuse a size whose workers, at rest (with the training run and the spares, which
	 * may run while the pool is whole), would not fit with the heap decided at start. The
	 * start's share kept room for a rolling restart's surge, so a resize up by as many
	 * workers as {@code max-surge} passes; the next rolling restart then goes beyond the
	 * plan, which is why only what obviously exceeds the memory is refused.
	 */
	@Override
	public @Nullable String refusal(int size) {
		if (this.memory == 0) {
			return null;
		}
		Shares shares = new Shares(this.memory, this.maxSurge, this.others);
		long need = shares.atRest(size, this.heap);
		if (need <= this.memory) {
			return null;
		}
		String jvms = (this.others.count() > 0) ? "(" + Phrases.workers(size) + this.others.atRest() + ")"
				: Phrases.workers(size);
		return jvms + " × (" + this.heapDescription + " + " + NON_HEAP_MIB + " MiB non-heap) + master "
				+ MASTER_MIB + " MiB + " + HEADROOM_PERCENT + "% headroom = " + bytes(need) + " exceed the "
				+ bytes(this.memory) + " this master sees (" + this.source + ")";
	}

	/**
	 * A size as people read it: {@code 640 MiB}, {@code 7.6 GiB}.
	 * @param bytes the size
	 * @return the text
	 */
	static String bytes(long bytes) {
		if (bytes < 1024 * MIB) {
			return (bytes / MIB) + " MiB";
		}
		return String.format(Locale.ROOT, "%.1f GiB", bytes / (1024.0 * MIB));
	}

	/**
	 * What a budget is asked to fit, from {@code cluster.master.*} and the workers' command
	 * line.
	 *
	 * @param enabled {@code cluster.master.memory.enabled}
	 * @param limit {@code cluster.master.memory.limit}, or {@code null}
	 * @param size {@code cluster.master.size}, or {@code null}
	 * @param autoscaleMax autoscaling's most workers, or {@code null} without autoscaling
	 * @param defaultSize the size without a budget (without autoscaling)
	 * @param maxSurge how many workers boot at once
	 * @param heapRelevantOptions the options of the workers' JVMs that can set the heap,
	 * in the order the JVM reads them ({@link #heapRelevantOptions(List, Map)})
	 * @param others the JVMs the master runs besides its workers
	 */
	public record Request(boolean enabled, @Nullable DataSize limit, @Nullable Integer size,
			@Nullable Integer autoscaleMax, int defaultSize, MaxSurge maxSurge, List<String> heapRelevantOptions,
			OtherJvms others) {

	}

	/**
	 * The JVMs a master runs besides its workers and their surge, each with the workers'
	 * options (their heap among them).
	 *
	 * @param trainingRuns the class-data training runs at once: 1 with fast start on a
	 * {@code -jar} launch, else 0
	 * @param spares the hot spares ({@code cluster.master.spares})
	 */
	public record OtherJvms(int trainingRuns, int spares) {

		/** Only workers. */
		static final OtherJvms NONE = new OtherJvms(0, 0);

		/** A training run, no spare: the default of a {@code -jar} launch. */
		static final OtherJvms TRAINING_RUN = new OtherJvms(1, 0);

		/**
		 * The other JVMs of a master: a training run when its workers may boot with a
		 * class-data archive ({@code cluster.master.fast-start} and a {@code -jar}
		 * launch, as {@code ClassDataArchives} requires), and the hot spares.
		 * @param fastStart {@code cluster.master.fast-start}
		 * @param command the workers' command
		 * @param spares {@code cluster.master.spares}
		 * @return the other JVMs
		 */
		public static OtherJvms of(boolean fastStart, List<String> command, int spares) {
			boolean training = fastStart && command.indexOf("-jar") > 0;
			return new OtherJvms(training ? 1 : 0, Math.max(0, spares));
		}

		int count() {
			return this.trainingRuns + this.spares;
		}

		/** What runs beside the workers at rest, for a sentence after "N workers". */
		String atRest() {
			String text = "";
			if (this.trainingRuns > 0) {
				text += " + " + ((this.trainingRuns == 1) ? "a training run" : this.trainingRuns + " training runs");
			}
			if (this.spares > 0) {
				text += " + " + this.spares + ((this.spares == 1) ? " hot spare" : " hot spares");
			}
			return text;
		}

	}

	/**
	 * The arithmetic: the memory, less headroom and master, shared by the JVMs of a
	 * rolling restart's peak, the training run and the spares among them.
	 */
	private record Shares(long memory, MaxSurge maxSurge, OtherJvms others) {

		long reserved() {
			return this.memory / 100 * HEADROOM_PERCENT + MASTER_MIB * MIB;
		}

		int duringRestart(int size) {
			return size + Math.min(this.maxSurge.resolve(size), size);
		}

		/** Every JVM at once: a rolling restart's peak, the training run and the spares. */
		int jvms(int size) {
			return duringRestart(size) + this.others.count();
		}

		/** The peak in words: "up to 6 JVMs during a rolling restart, 7 with a training run". */
		String peak(int size) {
			int jvms = duringRestart(size);
			String text = "up to " + jvms + " JVMs during a rolling restart";
			if (this.others.trainingRuns() > 0) {
				jvms += this.others.trainingRuns();
				text += ", " + jvms + " with " + ((this.others.trainingRuns() == 1) ? "a training run"
						: this.others.trainingRuns() + " training runs");
			}
			if (this.others.spares() > 0) {
				jvms += this.others.spares();
				text += ", " + jvms + " with " + ((this.others.spares() == 1) ? "a hot spare"
						: this.others.spares() + " hot spares");
			}
			return text;
		}

		/** The heap each JVM of {@code size} workers can have. */
		long heap(int size) {
			return (this.memory - reserved()) / Math.max(1, jvms(size)) - NON_HEAP_MIB * MIB;
		}

		long need(int size, long heap) {
			return jvms(size) * (heap + NON_HEAP_MIB * MIB) + reserved();
		}

		long atRest(int size, long heap) {
			return (size + this.others.count()) * (heap + NON_HEAP_MIB * MIB) + reserved();
		}

		/** The largest size from 1 to {@code most} that fits, else 1 (0 if most is 0). */
		int largest(int most, IntPredicate fits) {
			int size = most;
			while (size > 1 && !fits.test(size)) {
				size--;
			}
			return size;
		}

		String sum(int size, long heap, String description) {
			return Phrases.workers(size) + " (" + peak(size) + ") × (" + description + " + " + NON_HEAP_MIB + " MiB non-heap) + master " + MASTER_MIB + " MiB + "
					+ HEADROOM_PERCENT + "% headroom = " + bytes(need(size, heap));
		}

	}

	/**
	 * The options the workers' JVMs start with that can set the heap: the command line's,
	 * after those of the {@code JAVA_TOOL_OPTIONS} and {@code JDK_JAVA_OPTIONS} the
	 * workers get from {@code cluster.master.env}.
	 * @param jvmArgs the JVM options of the workers' command line
	 * @param env {@code cluster.master.env}
	 * @return the options, in the order the JVM reads them
	 */
	public static List<String> heapRelevantOptions(List<String> jvmArgs, Map<String, String> env) {
		List<String> options = new ArrayList<>();
		for (String variable : List.of("JAVA_TOOL_OPTIONS", "JDK_JAVA_OPTIONS")) {
			String value = env.get(variable);
			if (value != null && !value.isBlank()) {
				options.addAll(List.of(value.trim().split("\\s+")));
			}
		}
		options.addAll(jvmArgs);
		return options;
	}

}
