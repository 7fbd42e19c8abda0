package io.github.clustermaster.session.tomcat;

import java.io.IOException;
import java.util.Set;

import io.github.clustermaster.session.NotSerializableAttributeException;
import jakarta.servlet.AsyncEvent;
import jakarta.servlet.AsyncListener;
import jakarta.servlet.ServletException;
import org.apache.catalina.connector.Request;
import org.apache.catalina.connector.Response;
import org.apache.catalina.valves.ValveBase;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

/**
 * The engine valve that saves what a request changed in the pool's sessions when the
 * application is done with it: after the request's filters, servlet and error page, and
 * before Tomcat sends the rest of the response (a response the application did not
 * flush is still in its buffer, so the client cannot act on it before the store has the
 * change). A request that goes asynchronous is saved when its last dispatch ends, or
 * when it completes. A save that fails fails the request with a 500 if its response is
 * not committed yet, and is logged naming what failed: an attribute that cannot be
 * serialized is dropped from the session and the rest of the request's changes saved;
 * when the store did not answer, the request's changes are not kept (the session stays
 * as the store has it).
 *
 * @author cluster-master
 */
public final class PoolSessionValve extends ValveBase {

	private static final Log logger = LogFactory.getLog(PoolSessionValve.class);

	/** The request note that carries an asynchronous request's sessions to its end. */
	private static final String NOTE = PoolSessionValve.class.getName() + ".sessions";

	/** Create the valve. */
	public PoolSessionValve() {
		super(true);
	}

	@Override
	public void invoke(Request request, Response response) throws IOException, ServletException {
		RequestSessions sessions = RequestSessions.begin();
		try {
			getNext().invoke(request, response);
		}
		finally {
			RequestSessions.end();
		}
		RequestSessions earlier = (RequestSessions) request.getNote(NOTE);
		if (earlier != null) {
			earlier.addAll(sessions);
			sessions = earlier;
		}
		if (sessions.isEmpty()) {
			return;
		}
		if (request.isAsync()) {
			if (earlier == null) {
				request.setNote(NOTE, sessions);
				request.getAsyncContextInternal().addListener(new SaveOnComplete(request));
			}
			return;
		}
		request.removeNote(NOTE);
		save(sessions, response);
	}

	private static void save(RequestSessions sessions, Response response) {
		for (RequestSessions.Used used : sessions.used()) {
			try {
				used.session().save(used.reads());
			}
			catch (NotSerializableAttributeException ex) {
				failed(ex, response);
				// The attribute is gone from the session: what else the request changed is kept
				saveAgain(used.session(), response);
			}
			catch (RuntimeException ex) {
				failed(ex, response);
			}
		}
	}

	private static void saveAgain(PoolTomcatSession session, Response response) {
		try {
			session.save(Set.of());
		}
		catch (RuntimeException ex) {
			failed(ex, response);
		}
	}

	private static void failed(RuntimeException ex, Response response) {
		boolean committed = response.isCommitted();
		// Not the session's id: it is a credential
		String kept = (ex instanceof NotSerializableAttributeException)
				? "; the attribute is dropped from the session, the request's other changes are saved"
				: "; the request's changes are not kept, the session stays as the store has it";
		logger.error("Could not save a session in the pool's store: " + ex.getMessage()
				+ (committed ? " (the response was already sent)" : "; the request fails with 500") + kept, ex);
		if (!committed) {
			response.reset();
			response.setStatus(500);
		}
	}

	/** Saves an asynchronous request's sessions when it completes without a dispatch. */
	private static final class SaveOnComplete implements AsyncListener {

		private final Request request;

		SaveOnComplete(Request request) {
			this.request = request;
		}

		@Override
		public void onComplete(AsyncEvent event) {
			RequestSessions sessions = (RequestSessions) this.request.getNote(NOTE);
			if (sessions != null) {
				this.request.removeNote(NOTE);
				save(sessions, this.request.getResponse());
			}
		}

		@Override
		public void onTimeout(AsyncEvent event) {
		}

		@Override
		public void onError(AsyncEvent event) {
		}

		@Override
		public void onStartAsync(AsyncEvent event) {
			event.getAsyncContext().addListener(this);
		}

	}

}
