package dev.berth.agent.build;

/**
 * A here-document of a RUN, COPY or ADD ({@code <<EOF} … {@code EOF}).
 *
 * @param name its terminator word
 * @param content the lines between, each ending in a newline (leading tabs removed with {@code <<-})
 * @param expand variables in it are substituted (the word was not quoted)
 */
public record Heredoc(String name, String content, boolean expand) {}
