package io.github.clustermaster.supervisor;

import java.time.Duration;

/**
 * The outcome of a rolling restart.
 *
 * @param generation the generation every worker now belongs to
 * @param replaced how many old workers were replaced
 * @param took how long the restart took
 * @author cluster-master
 */
public record RestartResult(int generation, int replaced, Duration took) {

}
