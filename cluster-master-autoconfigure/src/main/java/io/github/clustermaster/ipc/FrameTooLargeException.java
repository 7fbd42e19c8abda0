package io.github.clustermaster.ipc;

/**
 * Thrown, before anything is written, when a frame would be longer than the channel
 * accepts. The connection stays open.
 *
 * @author cluster-master
 */
public class FrameTooLargeException extends IllegalArgumentException {

	private final int size;

	FrameTooLargeException(String type, int size) {
		super("A " + type + " of " + size + " bytes as JSON is over the IPC limit of " + FrameChannel.MAX_FRAME_BYTES
				+ " bytes; nothing was sent");
		this.size = size;
	}

	/**
	 * The size the frame would have had.
	 * @return the size in bytes
	 */
	public int getSize() {
		return this.size;
	}

	/**
	 * The most a frame may take, in bytes of JSON.
	 * @return the limit
	 */
	public static int limit() {
		return FrameChannel.MAX_FRAME_BYTES;
	}

}
