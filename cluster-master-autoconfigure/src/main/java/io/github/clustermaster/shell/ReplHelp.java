package io.github.clustermaster.shell;

import java.io.PrintWriter;
import java.util.Comparator;
import java.util.List;

import org.springframework.shell.core.command.AbstractCommand;
import org.springframework.shell.core.command.Command;
import org.springframework.shell.core.command.CommandArgument;
import org.springframework.shell.core.command.CommandContext;
import org.springframework.shell.core.command.ExitStatus;
import org.springframework.shell.core.command.Help;

/**
 * The {@code help} command: the commands in the seed's order (Spring Shell's own list
 * comes in a hash set's order), or Spring Shell's help of one command followed by its
 * description.
 *
 * @author cluster-master
 */
final class ReplHelp extends AbstractCommand {

	/** The seed's order; a command not named here comes after these. */
	private static final List<String> ORDER = List.of("help", "repl", "resize", "restart", "upgrade", "stop", "kill",
			"cluster", "size", "connections", "workers", "release", "leases", "sessions", "select", "pids", "ages", "states", "debug",
			"send", "broadcast", "threaddump", "loggers", "sock");

	private static final String EXIT = "Close this session; also quit and .exit";

	ReplHelp() {
		super("help", "Show the commands, or the help of one: help [command]", ReplCommands.REPL,
				"Usage: help [command]\nWithout a command, lists the commands; with one, shows its help.", false);
	}

	@Override
	public ExitStatus doExecute(CommandContext context) throws Exception {
		List<CommandArgument> arguments = context.parsedInput().arguments();
		PrintWriter out = context.outputWriter();
		if (arguments.isEmpty()) {
			out.println(list(context));
		}
		else {
			String name = arguments.get(0).value();
			if (ReplShell.isExit(name)) {
				out.println("NAME\n\texit - " + EXIT);
			}
			else {
				Command command = context.commandRegistry().getCommandByName(name);
				if (command == null) {
					throw new ReplCommandException(
							"unknown command '" + ReplFormat.printable(name) + "'; help lists the commands");
				}
				new Help().execute(context);
				out.println("\nDESCRIPTION\n\t" + command.getHelp().replace("\n", "\n\t"));
			}
		}
		out.flush();
		return ExitStatus.OK;
	}

	private static String list(CommandContext context) {
		StringBuilder list = new StringBuilder(
				"Commands (help <command> for more; the seed's syntax works too: resize(4), select('pid')):\n");
		context.commandRegistry()
			.getCommands()
			.stream()
			.filter((command) -> !command.isHidden())
			.sorted(Comparator.comparingInt(ReplHelp::position).thenComparing(Command::getName))
			.forEach((command) -> list.append(line(command.getName(), command.getDescription())));
		list.append(line("exit", EXIT));
		return list.substring(0, list.length() - 1);
	}

	private static int position(Command command) {
		int position = ORDER.indexOf(command.getName());
		return (position >= 0) ? position : ORDER.size();
	}

	private static String line(String name, String description) {
		return String.format("  %-12s %s\n", name, description);
	}

}
