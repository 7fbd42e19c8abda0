package io.github.clustermaster.shell;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads the seed's call syntax, so that people who know Node's cluster-master feel at
 * home: {@code resize(4)} is {@code resize 4}, {@code select('pid')} is
 * {@code select pid}, {@code restart({FEATURE: 'on'})} is
 * {@code restart --env FEATURE=on}, and {@code null} or {@code undefined} arguments are
 * left out. Any other object or array, as in {@code broadcast({"cmd": "flush"})}, is
 * left as it is. Any other line is Spring Shell's syntax already and only trimmed.
 *
 * @author cluster-master
 */
final class SeedSyntax {

	private static final Pattern CALL = Pattern.compile("([A-Za-z.][\\w.]*)\\s*\\((.*)\\)\\s*;?");

	private static final Pattern PLAIN_WORD = Pattern.compile("[^\\s\"]+");

	private SeedSyntax() {
	}

	/**
	 * Translate a line into Spring Shell's syntax.
	 * @param line the line as typed
	 * @return the line in Spring Shell's syntax, trimmed
	 * @throws IllegalArgumentException if a call's arguments are malformed
	 */
	static String translate(String line) {
		String trimmed = line.trim();
		Matcher call = CALL.matcher(trimmed);
		if (!call.matches()) {
			return trimmed;
		}
		List<String> words = new ArrayList<>();
		words.add(call.group(1));
		for (String argument : split(call.group(2), ',')) {
			if (argument.isEmpty() || argument.equals("null") || argument.equals("undefined")) {
				continue;
			}
			if (call.group(1).equals("restart") && argument.startsWith("{") && argument.endsWith("}")) {
				for (String entry : split(argument.substring(1, argument.length() - 1), ',')) {
					if (!entry.isEmpty()) {
						words.add("--env");
						words.add(quote(environmentVariable(entry)));
					}
				}
			}
			else if (argument.startsWith("{") || argument.startsWith("[")) {
				// JSON for send or broadcast: Spring Shell keeps it whole between its quotes.
				words.add(argument);
			}
			else {
				words.add(quote(unquote(argument)));
			}
		}
		return String.join(" ", words);
	}

	private static String environmentVariable(String entry) {
		List<String> keyAndValue = split(entry, ':');
		if (keyAndValue.size() != 2 || keyAndValue.get(0).isEmpty()) {
			throw new IllegalArgumentException("expected NAME: 'value' in an environment, got '" + entry + "'");
		}
		return unquote(keyAndValue.get(0)) + "=" + unquote(keyAndValue.get(1));
	}

	/**
	 * Split at a separator outside quotes, braces and brackets, trimming each part.
	 */
	private static List<String> split(String text, char separator) {
		List<String> parts = new ArrayList<>();
		StringBuilder part = new StringBuilder();
		char quote = 0;
		int depth = 0;
		for (int i = 0; i < text.length(); i++) {
			char c = text.charAt(i);
			if (quote != 0) {
				if (c == '\\' && i + 1 < text.length()) {
					part.append(c).append(text.charAt(++i));
					continue;
				}
				quote = (c == quote) ? 0 : quote;
			}
			else if (c == '\'' || c == '"') {
				quote = c;
			}
			else if (c == '{' || c == '[') {
				depth++;
			}
			else if (c == '}' || c == ']') {
				depth--;
			}
			else if (c == separator && depth == 0 && (separator != ':' || parts.isEmpty())) {
				parts.add(part.toString().trim());
				part.setLength(0);
				continue;
			}
			part.append(c);
		}
		if (quote != 0) {
			throw new IllegalArgumentException("unterminated " + quote + " quote");
		}
		if (depth != 0) {
			throw new IllegalArgumentException("unbalanced braces");
		}
		parts.add(part.toString().trim());
		return (parts.size() == 1 && parts.get(0).isEmpty() && separator == ',') ? List.of() : parts;
	}

	private static String unquote(String text) {
		if (text.length() >= 2 && (text.charAt(0) == '\'' || text.charAt(0) == '"')
				&& text.charAt(text.length() - 1) == text.charAt(0)) {
			return text.substring(1, text.length() - 1).replaceAll("\\\\(.)", "$1");
		}
		return text;
	}

	/**
	 * Quote a word for Spring Shell's parser when it is empty or holds spaces or quotes.
	 */
	private static String quote(String word) {
		if (PLAIN_WORD.matcher(word).matches()) {
			return word;
		}
		return "\"" + word.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
	}

}
