package io.github.clustermaster.session.tomcat;

import java.io.IOException;
import java.io.Serializable;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.github.clustermaster.ipc.IpcServer;
import io.github.clustermaster.ipc.SessionCall;
import io.github.clustermaster.session.SessionAttributes;
import io.github.clustermaster.session.SessionStore;
import io.github.clustermaster.session.SessionStoreClient;
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
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import org.springframework.boot.tomcat.servlet.TomcatServletWebServerFactory;
import org.springframework.boot.web.server.WebServer;
import org.springframework.util.unit.DataSize;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Two real embedded Tomcats, as two workers, each with the pool's session manager and
 * valve over its own IPC link to one real master's store: a session made on one is used
 * on the other through Tomcat's own cookie, changes made in place reach the other, a
 * new id at login and an invalidation reach the store, and what cannot be shared fails
 * the request naming the attribute and loses nothing.
 */
class PoolSessionManagerTests {

	private static final Pattern COOKIE = Pattern.compile("JSESSIONID=([^;]+)");

	private static IpcServer master;

	private static SessionStore store;

	private static final List<WorkerSession> links = new ArrayList<>();

	private static final List<WebServer> servers = new ArrayList<>();

	private static final List<SessionCall.Op> calls = new CopyOnWriteArrayList<>();

	private static final List<String> created = new CopyOnWriteArrayList<>();

	private static final List<String> destroyed = new CopyOnWriteArrayList<>();

	private static int one;

	private static int two;

	private final HttpClient http = HttpClient.newHttpClient();

	@BeforeAll
	static void start() throws IOException {
		master = IpcServer.bind();
		master.serve(new NoWorkerEvents());
		store = new SessionStore(DataSize.ofMegabytes(1), System::currentTimeMillis);
		master.serveSessions((worker, call) -> {
			calls.add(call.op());
			return store.answer(worker, call);
		});
		one = worker(1);
		two = worker(2);
	}

	private static int worker(int id) {
		WorkerSession link = WorkerSession.connect(id, master.socket());
		links.add(link);
		TomcatServletWebServerFactory factory = new TomcatServletWebServerFactory(0);
		factory.addContextCustomizers((context) -> context.setManager(new PoolSessionManager(
				SessionStoreClient.of(link), new SessionAttributes(PoolSessionManagerTests.class.getClassLoader()),
				null)));
		factory.addEngineValves(new PoolSessionValve());
		WebServer server = factory.getWebServer((servletContext) -> {
			ServletRegistration.Dynamic app = servletContext.addServlet("app", new App(id));
			app.addMapping("/*");
			app.setAsyncSupported(true);
			servletContext.addListener(new Listener());
		});
		server.start();
		servers.add(server);
		return server.getPort();
	}

	@AfterAll
	static void stop() throws IOException {
		servers.forEach(WebServer::stop);
		links.forEach(WorkerSession::close);
		master.close();
	}

	@Test
	void aSessionMadeOnOneWorkerIsUsedOnTheOtherWithTomcatsOwnCookie() throws Exception {
		Answer set = get(one, "/set?name=user&value=ada", null);
		assertThat(set.status).isEqualTo(200);
		String id = set.cookie;
		assertThat(id).isNotNull();
		assertThat(created).contains(id);
		assertThat(store.find(id)).isNotNull();
		assertThat(get(two, "/get?name=user", id).body).isEqualTo("ada");
		// a change on the second worker is read at once on the first, which kept a copy
		assertThat(get(one, "/get?name=user", id).body).isEqualTo("ada");
		get(two, "/set?name=user&value=grace", id);
		assertThat(get(one, "/get?name=user", id).body).isEqualTo("grace");
		assertThat(get(two, "/get?name=user", id).body).isEqualTo("grace");
	}

	@Test
	void aValueChangedInPlaceReachesTheOtherWorker() throws Exception {
		String id = get(one, "/append?value=a", null).cookie;
		get(two, "/append?value=b", id);
		get(one, "/append?value=c", id);
		assertThat(get(two, "/list", id).body).isEqualTo("[a, b, c]");
		assertThat(get(one, "/list", id).body).isEqualTo("[a, b, c]");
	}

	@Test
	void aNewIdAtLoginMovesTheSessionAndLogoutDeletesIt() throws Exception {
		String id = get(one, "/set?name=cart&value=3", null).cookie;
		Answer login = get(two, "/login", id);
		String moved = login.cookie;
		assertThat(moved).isNotNull().isNotEqualTo(id);
		assertThat(store.find(id)).isNull();
		assertThat(get(one, "/get?name=cart", moved).body).isEqualTo("3");
		assertThat(get(one, "/get?name=user", moved).body).isEqualTo("ada");
		assertThat(get(two, "/logout", moved).status).isEqualTo(200);
		assertThat(destroyed).contains(moved);
		assertThat(store.find(moved)).isNull();
		Answer after = get(one, "/get?name=user", moved);
		assertThat(after.body).isEqualTo("none");
	}

	@Test
	void anAttributeThatCannotBeSharedFailsTheRequestNamingItAndTheSessionKeepsTheRest() throws Exception {
		String id = get(one, "/set?name=user&value=ada", null).cookie;
		Answer direct = get(two, "/bad", id);
		assertThat(direct.status).isEqualTo(500);
		assertThat(direct.body).contains("'socket'").contains("java.lang.Object");
		Answer nested = get(two, "/nested-bad", id);
		assertThat(nested.status).isEqualTo(500);
		assertThat(get(one, "/get?name=user", id).body).isEqualTo("ada");
		assertThat(get(one, "/get?name=holder", id).body).isEqualTo("none");
		assertThat(get(two, "/get?name=holder", id).body).isEqualTo("none");
		assertThat(get(one, "/get?name=note", id).body).as("the request's other change").isEqualTo("kept");
	}

	@Test
	void anAsynchronousRequestIsSavedWhenItCompletes() throws Exception {
		String id = get(one, "/set?name=user&value=ada", null).cookie;
		assertThat(get(two, "/async?value=later", id).status).isEqualTo(200);
		assertThat(get(one, "/get?name=async", id).body).isEqualTo("later");
	}

	@Test
	void aRequestThatOnlyReadsCostsNoSave() throws Exception {
		String id = get(one, "/set?name=user&value=ada", null).cookie;
		calls.clear();
		for (int i = 0; i < 10; i++) {
			assertThat(get((i % 2 == 0) ? one : two, "/get?name=user", id).body).isEqualTo("ada");
		}
		// one find by each worker, then each answers from its copy
		assertThat(calls).containsExactly(SessionCall.Op.FIND, SessionCall.Op.FIND);
	}

	private Answer get(int port, String path, @Nullable String session) throws Exception {
		HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path));
		if (session != null) {
			request.header("Cookie", "JSESSIONID=" + session);
		}
		HttpResponse<String> response = this.http.send(request.build(), HttpResponse.BodyHandlers.ofString());
		String cookie = response.headers()
			.allValues("Set-Cookie")
			.stream()
			.map(COOKIE::matcher)
			.filter(Matcher::find)
			.map((matcher) -> matcher.group(1))
			.findFirst()
			.orElse(session);
		return new Answer(response.statusCode(), response.body(), cookie);
	}

	private record Answer(int status, String body, @Nullable String cookie) {

	}

	static final class Listener implements HttpSessionListener {

		@Override
		public void sessionCreated(HttpSessionEvent event) {
			created.add(event.getSession().getId());
		}

		@Override
		public void sessionDestroyed(HttpSessionEvent event) {
			destroyed.add(event.getSession().getId());
		}

	}

	static final class App extends HttpServlet {

		private final int worker;

		App(int worker) {
			this.worker = worker;
		}

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
