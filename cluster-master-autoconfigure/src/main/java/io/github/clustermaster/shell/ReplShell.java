package io.github.clustermaster.shell;

import java.io.PrintWriter;
import java.lang.reflect.Method;
import java.lang.reflect.Parameter;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.context.ApplicationContext;
import org.springframework.shell.core.command.Command;
import org.springframework.shell.core.command.CommandArgument;
import org.springframework.shell.core.command.CommandContext;
import org.springframework.shell.core.command.CommandExecutionException;
import org.springframework.shell.core.command.CommandExecutor;
import org.springframework.shell.core.command.CommandNotFoundException;
import org.springframework.shell.core.command.CommandParser;
import org.springframework.shell.core.command.CommandRegistry;
import org.springframework.shell.core.command.DefaultCommandParser;
import org.springframework.shell.core.command.ExitStatus;
import org.springframework.shell.core.command.ParsedInput;
import org.springframework.shell.core.command.annotation.Argument;
import org.springframework.shell.core.command.annotation.Arguments;
import org.springframework.shell.core.command.annotation.support.CommandFactoryBean;
import org.springframework.util.ClassUtils;

/**
 * Runs one line of a session with Spring Shell's registry, parser and executor, shared by
 * every session. It owns the loop's rules instead of {@code InteractiveShellRunner},
 * whose 4.0.1 version fails on a whitespace-only line, ends a session through a
 * {@code NullPointerException}, matches {@code exit} untrimmed and answers an unknown
 * command with the whole list of commands. Here every bad line gets one line that names
 * the command and says what was expected; an empty line gets nothing.
 *
 * @author cluster-master
 */
final class ReplShell {

	private static final Log logger = LogFactory.getLog(ReplShell.class);

	private static final Set<String> EXIT = Set.of("exit", "quit", ".exit");

	private final CommandRegistry registry;

	private final CommandParser parser;

	private final CommandExecutor executor;

	private final Map<String, Integer> maxArguments;

	private ReplShell(CommandRegistry registry, Map<String, Integer> maxArguments) {
		this.registry = registry;
		this.parser = new DefaultCommandParser(registry);
		this.executor = new CommandExecutor(registry);
		this.maxArguments = Map.copyOf(maxArguments);
	}

	/**
	 * A shell with {@code help} and the {@code @Command} methods of a bean.
	 * @param context the context holding the bean, where Spring Shell looks it up
	 * @param commands the bean
	 * @return the shell
	 */
	static ReplShell of(ApplicationContext context, Object... beans) {
		CommandRegistry registry = new CommandRegistry();
		Map<String, Integer> maxArguments = new HashMap<>();
		for (Object commands : beans) {
			register(context, commands, registry, maxArguments);
		}
		registry.registerCommand(new ReplHelp());
		maxArguments.put("help", 1);
		return new ReplShell(registry, maxArguments);
	}

	private static void register(ApplicationContext context, Object commands, CommandRegistry registry,
			Map<String, Integer> maxArguments) {
		for (Method method : ClassUtils.getUserClass(commands).getDeclaredMethods()) {
			if (method.isAnnotationPresent(org.springframework.shell.core.command.annotation.Command.class)) {
				CommandFactoryBean factory = new CommandFactoryBean(method);
				factory.setApplicationContext(context);
				Command command = factory.getObject();
				registry.registerCommand(command);
				maxArguments.put(command.getName(), maxArguments(method));
			}
		}
	}

	private static int maxArguments(Method method) {
		int count = 0;
		for (Parameter parameter : method.getParameters()) {
			if (parameter.isAnnotationPresent(Arguments.class)) {
				return Integer.MAX_VALUE;
			}
			count += parameter.isAnnotationPresent(Argument.class) ? 1 : 0;
		}
		return count;
	}

	/**
	 * Whether a word closes the session: {@code exit}, {@code quit} or the seed's
	 * {@code .exit}.
	 * @param word the word
	 * @return whether it closes the session
	 */
	static boolean isExit(String word) {
		return EXIT.contains(word.toLowerCase(Locale.ROOT));
	}

	/**
	 * Run one line, printing its outcome to the session.
	 * @param line the line, without its terminator
	 * @param session the session
	 * @return {@code false} if the session should end: the line asked for it, or the
	 * client is gone
	 */
	boolean run(String line, ReplSession session) {
		PrintWriter out = session.output().writer();
		String input;
		try {
			input = SeedSyntax.translate(line);
		}
		catch (IllegalArgumentException ex) {
			out.println("Cannot read '" + ReplFormat.printable(line.trim()) + "': " + ex.getMessage());
			return flush(out);
		}
		if (input.isEmpty()) {
			return true;
		}
		String[] nameAndRest = input.split("\\s+", 2);
		String name = nameAndRest[0];
		if (isExit(name)) {
			out.println("Bye.");
			flush(out);
			return false;
		}
		Command command = this.registry.getCommandByName(name);
		if (command == null) {
			out.println("Unknown command '" + ReplFormat.printable(name) + "'; help lists the commands");
			return flush(out);
		}
		if (input.chars().filter((c) -> c == '"').count() % 2 != 0) {
			// Spring Shell's parser splits only where an even number of quotes follows: with
			// an odd number the whole line is one word, a command it cannot find.
			out.println("Cannot read '" + ReplFormat.printable(line.trim()) + "': unterminated \" quote");
			return flush(out);
		}
		String rest = (nameAndRest.length > 1) ? nameAndRest[1] : "";
		if (command.getOptions().isEmpty() && !rest.isEmpty() && !rest.equals("--help") && !rest.equals("-h")) {
			// Every word is an argument, so that "resize -1" reaches the command.
			input = name + " -- " + rest;
		}
		execute(command, input, session, out);
		return flush(out);
	}

	private void execute(Command command, String input, ReplSession session, PrintWriter out) {
		String name = command.getName();
		String unknown = unknownOption(command, input);
		if (unknown != null) {
			out.println(name + ": unknown option " + ReplFormat.printable(unknown) + " (see " + name + " --help)");
			return;
		}
		ParsedInput parsed;
		try {
			parsed = this.parser.parse(input);
		}
		catch (RuntimeException ex) {
			out.println(name + ": " + ex.getMessage() + " (see " + name + " --help)");
			return;
		}
		String problem = tooManyArguments(command, parsed);
		if (problem != null) {
			out.println(name + ": " + problem + " (see " + name + " --help)");
			return;
		}
		try {
			ExitStatus status = this.executor.execute(new CommandContext(parsed, this.registry, out, session));
			if (status.code() != ExitStatus.OK.code() && status.code() != ExitStatus.USAGE_ERROR.code()) {
				out.println(name + ": " + status.description());
			}
		}
		catch (CommandExecutionException | CommandNotFoundException ex) {
			out.println(name + ": " + describe(rootCause(ex)));
		}
	}

	/**
	 * The first word that looks like an option the command does not declare; the parser
	 * would otherwise ask for its value first.
	 */
	private static @Nullable String unknownOption(Command command, String input) {
		String[] words = input.split("\\s+");
		for (int i = 1; i < words.length && !words[i].equals("--"); i++) {
			String word = words[i];
			if (word.startsWith("-") && word.length() > 1) {
				String option = word.split("=", 2)[0];
				boolean declared = option.equals("--help") || option.equals("-h") || command.getOptions()
					.stream()
					.anyMatch((declaredOption) -> declaredOption.isOptionEqual(option));
				if (!declared) {
					return option;
				}
			}
		}
		return null;
	}

	private @Nullable String tooManyArguments(Command command, ParsedInput parsed) {
		int max = this.maxArguments.getOrDefault(command.getName(), 0);
		List<String> arguments = parsed.arguments().stream().map(CommandArgument::value).toList();
		if (arguments.size() > max) {
			return ((max == 0) ? "takes no arguments" : "takes " + max + " argument" + ((max > 1) ? "s" : ""))
					+ ", got '" + ReplFormat.printable(String.join(" ", arguments)) + "'";
		}
		return null;
	}

	private static Throwable rootCause(Throwable ex) {
		Throwable cause = ex;
		while (cause.getCause() != null && cause.getCause() != cause) {
			cause = cause.getCause();
		}
		return cause;
	}

	private static String describe(Throwable cause) {
		if (cause instanceof InterruptedException) {
			Thread.currentThread().interrupt();
			return "interrupted: the REPL is stopping";
		}
		if (!(cause instanceof ReplCommandException)) {
			logger.debug("A REPL command failed", cause);
		}
		return (cause.getMessage() != null) ? cause.getMessage() : "failed with " + cause.getClass().getSimpleName();
	}

	private static boolean flush(PrintWriter out) {
		out.flush();
		return !out.checkError();
	}

}
