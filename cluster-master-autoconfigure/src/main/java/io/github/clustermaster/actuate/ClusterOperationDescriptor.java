package io.github.clustermaster.actuate;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.github.clustermaster.control.ClusterDescriptor;
import org.jspecify.annotations.Nullable;

/**
 * The answer of the {@code cluster} endpoint to a write operation, or to a request it
 * refused.
 *
 * @param operation the operation: {@code resize}, {@code restart}, {@code quit} (or the
 * unknown one that was asked for)
 * @param status the HTTP status
 * @param message one line saying what was started, or why nothing was
 * @param cluster the cluster once the master handled the operation, when it did
 * @author cluster-master
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ClusterOperationDescriptor(String operation, int status, String message,
		@Nullable ClusterDescriptor cluster) {

}
