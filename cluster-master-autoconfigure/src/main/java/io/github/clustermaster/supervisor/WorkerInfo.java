package io.github.clustermaster.supervisor;

import java.time.Duration;

/**
 * A snapshot of one worker.
 *
 * @param id the worker id
 * @param pid the process id
 * @param state the state
 * @param generation the generation it was started in
 * @param age the time since it was started
 * @param restarts how many workers in a row crashed in its place before it was started (0
 * for a worker that replaced none)
 * @author cluster-master
 */
public record WorkerInfo(int id, long pid, WorkerState state, int generation, Duration age, int restarts) {

}
