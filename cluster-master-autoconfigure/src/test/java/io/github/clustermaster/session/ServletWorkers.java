package io.github.clustermaster.session;

import java.io.IOException;
import java.io.Serializable;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BiFunction;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.github.clustermaster.ipc.IpcServer;
import io.github.clustermaster.ipc.SessionCall;
import io.github.clustermaster.ipc.SessionData;
import io.github.clustermaster.supervisor.NoWorkerEvents;
import io.github.clustermaster.worker.WorkerSession;
import jakarta.servlet.AsyncContext;
import jakarta.servlet.ServletRegistration;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;
import jakarta.servlet.http.HttpSessionEvent;
import jakarta.servlet.http.HttpSessionListener;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.web.server.WebServer;
import org.springframework.boot.web.servlet.ServletContextInitializer;
import org.springframework.util.unit.DataSize;

/**
 * Two real embedded servlet containers, as two workers, each over its own IPC link to one
 * real master's store, serving one test application ({@link App}); the container's session
 * path is the test's. Requests go one per connection, so nothing but the cookie ties them
 * to a session.
 */
public final class ServletWorkers implements AutoCloseable {

	private final Pattern cookie;

	private final IpcServer master;

	private final SessionStore store = new SessionStore(DataSize.ofMegabytes(1), System::currentTimeMillis);

	private final List<WorkerSession> links = new ArrayList<>();

	private final List<WebServer> servers = new ArrayList<>();

	private final List<SessionCall.Op> calls = new CopyOnWriteArrayList<>();

	private final List<String> created = new CopyOnWriteArrayList<>();

	private final List<String> destroyed = new CopyOnWriteArrayList<>();

	private final HttpClient http = HttpClient.newHttpClient();

	private final int one;

	private final int two;

	/**
	 * Start the master's store and two workers.
	 * @param cookie the session cookie in a {@code Set-Cookie} header, the id as its first
	 * group
	 * @param server a worker's web server (not started) over its link, with the test
	 * application's initializer
	 * @throws IOException if the master cannot listen
	 */
	public ServletWorkers(Pattern cookie, BiFunction<WorkerSession, ServletContextInitializer, WebServer> server)
			throws IOException {
		this.cookie = cookie;
		this.master = IpcServer.bind();
		this.master.serve(new NoWorkerEvents());
		this.master.serveSessions((worker, call) -> {
			this.calls.add(call.op());
			return this.store.answer(worker, call);
		});
		this.one = worker(1, server);
		this.two = worker(2, server);
	}

	private int worker(int id, BiFunction<WorkerSession, ServletContextInitializer, WebServer> factory) {
		WorkerSession link = WorkerSession.connect(id, this.master.socket());
		this.links.add(link);
		WebServer server = factory.apply(link, (servletContext) -> {
			ServletRegistration.Dynamic app = servletContext.addServlet("app", new App());
			app.addMapping("/*");
			app.setAsyncSupported(true);
			servletContext.addListener(new Listener());
		});
		server.start();
		this.servers.add(server);
		return server.getPort();
	}

	/** The first worker's port. @return the port */
	public int one() {
		return this.one;
	}

	/** The second worker's port. @return the port */
	public int two() {
		return this.two;
	}

	/** The master's store. @return the store */
	public SessionStore store() {
		return this.store;
	}

	/** The calls the store answered, in order (clear it to count from now). @return the calls */
	public List<SessionCall.Op> calls() {
		return this.calls;
	}

	/** The ids of the sessions the containers' listeners saw created. @return the ids */
	public List<String> created() {
		return this.created;
	}

	/** The ids of the sessions the containers' listeners saw destroyed. @return the ids */
	public List<String> destroyed() {
		return this.destroyed;
	}

	/**
	 * A request on a connection of its own.
	 * @param port the worker's port
	 * @param path the path and query
	 * @param session the session's id to send in the cookie, or {@code null}
	 * @return the answer, with the session a {@code Set-Cookie} named or the one sent
	 * @throws Exception if the request fails
	 */
	public Answer get(int port, String path, @Nullable String session) throws Exception {
		HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path));
		if (session != null) {
			request.header("Cookie", "JSESSIONID=" + session);
		}
		HttpResponse<String> response = this.http.send(request.build(), HttpResponse.BodyHandlers.ofString());
		String id = response.headers()
			.allValues("Set-Cookie")
			.stream()
			.map(this.cookie::matcher)
			.filter(Matcher::find)
			.map((matcher) -> matcher.group(1))
			.findFirst()
			.orElse(session);
		return new Answer(response.statusCode(), response.body(), id);
	}

	@Override
	public void close() throws IOException {
		this.servers.forEach(WebServer::stop);
		this.links.forEach(WorkerSession::close);
		this.master.close();
	}

	/**
	 * What a request answered.
	 * @param status its status
	 * @param body its body
	 * @param cookie the session's id
	 */
	public record Answer(int status, String body, @Nullable String cookie) {

	}

	private final class Listener implements HttpSessionListener {

		@Override
		public void sessionCreated(HttpSessionEvent event) {
			ServletWorkers.this.created.add(event.getSession().getId());
		}

		@Override
		public void sessionDestroyed(HttpSessionEvent event) {
			ServletWorkers.this.destroyed.add(event.getSession().getId());
		}

	}

	/**
	 * The test application: {@code /set}, {@code /get}, {@code /append} and {@code /list}
	 * (a list changed in place), {@code /login} (a new id), {@code /logout}, {@code /bad}
	 * and {@code /nested-bad} (what cannot be serialized, and another change), {@code /async},
	 * {@code /stream} (a response flushed before the request ends).
	 */
	private final class App extends HttpServlet {

		@Override
		@SuppressWarnings("unchecked")
		protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
			response.setContentType("text/plain");
			String path = request.getRequestURI();
			try {
				switch (path) {
					case "/set" -> request.getSession().setAttribute(request.getParameter("name"),
							request.getParameter("value"));
					case "/get" -> {
						HttpSession session = request.getSession(false);
						Object value = (session != null) ? session.getAttribute(request.getParameter("name")) : null;
						response.getWriter().print((value != null) ? value : "none");
					}
					case "/append" -> {
						HttpSession session = request.getSession();
						List<String> list = (List<String>) session.getAttribute("list");
						if (list == null) {
							list = new ArrayList<>();
							session.setAttribute("list", list);
						}
						list.add(request.getParameter("value"));
					}
					case "/list" -> response.getWriter().print(request.getSession().getAttribute("list"));
					case "/login" -> {
						request.changeSessionId();
						request.getSession().setAttribute("user", "ada");
					}
					case "/logout" -> request.getSession().invalidate();
					case "/bad" -> request.getSession().setAttribute("socket", new Object());
					case "/nested-bad" -> {
						List<Object> holder = new ArrayList<>();
						holder.add(new Object());
						request.getSession().setAttribute("holder", (Serializable) holder);
						request.getSession().setAttribute("note", "kept");
					}
					case "/async" -> {
						HttpSession session = request.getSession();
						AsyncContext async = request.startAsync();
						async.start(() -> {
							session.setAttribute("async", request.getParameter("value"));
							async.complete();
						});
					}
					case "/stream" -> {
						HttpSession session = request.getSession();
						session.setAttribute("before", "committed");
						response.flushBuffer();
						SessionData stored = ServletWorkers.this.store.find(session.getId());
						response.getWriter()
							.print("saved before commit: "
									+ (stored != null && stored.attributes().containsKey("before")));
						response.getWriter().flush();
						session.setAttribute("after", "streamed");
					}
					default -> response.sendError(404);
				}
			}
			catch (IllegalArgumentException ex) {
				response.setStatus(500);
				response.getWriter().print(ex.getMessage());
			}
		}

	}

}
