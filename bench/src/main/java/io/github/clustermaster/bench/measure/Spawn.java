package io.github.clustermaster.bench.measure;

/**
 * One worker's spawn → ready as its master logged it, and how it booted.
 *
 * @param worker its id
 * @param pid its pid
 * @param generation the generation it was started in
 * @param mode {@code plain}, {@code cds} or {@code aot}
 * @param millis from the master's start of it to its ready
 * @author cluster-master
 */
public record Spawn(int worker, long pid, int generation, String mode, double millis) {

}
