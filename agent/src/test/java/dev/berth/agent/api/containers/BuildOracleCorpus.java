package dev.berth.agent.api.containers;

import java.util.List;
import java.util.Map;

/**
 * The Dockerfiles {@link BuildPodmanOracleAsRootTest} builds with Berth and with podman, in order
 * (a child of an ONBUILD image after its parent). Together they cover every instruction and every
 * parsing rule of Docker's Dockerfile syntax; each case's name says what it is about. All of them
 * build in the same context ({@link #CONTEXT} plus the archives the test makes), from the image
 * {@code oracle-base} (busybox with users app 1000:1000 and group extra 30); a case's image is
 * tagged {@code oracle-<name>}.
 */
final class BuildOracleCorpus {
  /**
   * One Dockerfile: its {@code flags} go to both {@code docker build} and {@code podman build};
   * {@code oracle}, when not null, is what podman builds instead, because podman 4.3 (buildah 1.28)
   * does not know the syntax ({@code RUN <<EOF}, {@code --start-interval}): the same result
   * written in the syntax it knows.
   */
  record Case(String name, String dockerfile, List<String> flags, String oracle) {
    Case(String name, String dockerfile) {
      this(name, dockerfile, List.of(), null);
    }

    Case(String name, String dockerfile, List<String> flags) {
      this(name, dockerfile, flags, null);
    }
  }

  /** Text files of every case's context (a symbolic link {@code link-to-hello -> hello.txt} and archives besides). */
  static final Map<String, String> CONTEXT = Map.of(
      "hello.txt", "hi\n",
      "home.txt", "home\n",
      "dir/inner/f", "f\n",
      "dir/top", "top\n",
      "logs/a.log", "a log\n",
      "logs/deep/b.log", "b log\n",
      "keep.log", "kept\n");

  /** The {@code .dockerignore} of the case {@code dockerignore} (the only one that has one). */
  static final String DOCKERIGNORE = "**/*.log\n!keep.log\nbundle.*\n*-tar*\n*.gz\nDockerfile\n";

  static final List<Case> CASES = List.of(
      new Case("each-instruction", """
          FROM oracle-base
          MAINTAINER someone@example.com
          ENV APP=/app \\
              MODE="two words" EMPTY=
          LABEL org.one=1 "org.two"="two words"
          WORKDIR $APP
          COPY hello.txt ./
          COPY --chmod=0700 dir/ sub/
          COPY --chown=1000:1000 hello.txt /owned/
          ADD bundle.tar.gz /unpacked/
          RUN echo "$MODE" > made.txt && chmod 640 made.txt && mkdir -p /var/cache && echo c > /var/cache/c
          USER 1000:1000
          EXPOSE 8080 53/udp 9000-9001
          VOLUME ["/data", "/logs"]
          STOPSIGNAL SIGINT
          HEALTHCHECK --interval=5s --timeout=2s --start-period=1s --retries=2 CMD true
          ENTRYPOINT ["/bin/sh", "-c"]
          CMD ["cat made.txt"]
          """),
      new Case("shell-forms", """
          FROM oracle-base
          SHELL ["/bin/sh", "-ec"]
          RUN echo shell > /shell.txt
          ENTRYPOINT echo entry
          CMD echo cmd
          HEALTHCHECK NONE
          """),
      new Case("substitution", """
          ARG BASE=oracle-base
          FROM $BASE
          ARG WHO=world
          ARG UNSET
          ENV GREETING="hello ${WHO}" DEFAULTED=${UNSET:-fallback} ALTERNATE=${WHO:+set} LITERAL=\\$WHO
          ENV SPACED two\\ words
          LABEL who=$WHO greeting="$GREETING"
          WORKDIR /w/${WHO}
          RUN echo "$GREETING $DEFAULTED $ALTERNATE $LITERAL $WHO" > out.txt
          """),
      new Case("workdir-user", """
          FROM oracle-base
          WORKDIR /a
          WORKDIR b
          WORKDIR c
          RUN pwd > /pwd.txt && touch here
          USER nobody
          WORKDIR /as-nobody
          """),
      new Case("multi-stage", """
          FROM oracle-base AS build
          RUN mkdir /out && echo built > /out/artifact && ln -s artifact /out/link
          FROM oracle-base AS unused
          RUN exit 1
          FROM build AS second
          RUN echo more > /out/more
          FROM oracle-base
          COPY --from=second /out/ /copied/
          COPY --from=build /out/artifact /single
          """),
      new Case("onbuild", """
          FROM oracle-base
          ONBUILD RUN echo triggered > /t
          ONBUILD COPY hello.txt /
          LABEL kind=parent
          """),
      new Case("delete-and-replace", """
          FROM oracle-base
          RUN mkdir -p /gone/deep && echo x > /gone/deep/x && echo keep > /keep
          RUN rm -rf /gone /bin/vi && echo changed > /keep
          COPY hello.txt /bin/
          """),
      new Case("wildcards-and-archives", """
          FROM oracle-base
          COPY hom*.txt hell?.txt /texts/
          COPY dir /whole-dir
          COPY dir/inner/f dir/inner/f /two/
          ADD bundle.tar.bz2 /bz2/
          ADD bundle.tar.xz /xz
          COPY bundle.tar.gz /not-extracted/
          """),
      new Case("escape-and-forms", """
          # escape=`
          FROM oracle-base
          ENV WIN=C:\\path `
              OTHER=x
          RUN echo `
            continued > /continued.txt
          CMD [ "not json"
          ENTRYPOINT ["sh", "-c", "echo $0"]
          """),
      new Case("onbuild-child", """
          FROM oracle-onbuild
          CMD ["cat", "/t"]
          """),
      new Case("owners-and-volumes", """
          FROM oracle-base
          COPY --chown=app:extra hello.txt /by-name/
          COPY --chown=1:2 --chmod=600 dir /by-id/
          RUN mkdir /data && echo before > /data/before
          VOLUME /data
          RUN echo discarded > /data/after && echo kept > /kept
          COPY hello.txt /data/
          """),
      new Case("continuations", """
          FROM oracle-base
          RUN echo one \\
          # a comment inside the continuation
              two \\

              three > /continued.txt
          LABEL first=1 \\
                second=2
          ENV JOINED=a\\
          b
          """),
      new Case("directives-and-case", """
          # syntax=docker/dockerfile:1
          # a comment after the directives
          from oracle-base
          Run echo lower > /lower.txt
          eNv MIXED=case
          WorkDir /mixed
          cmd ["sh", "-c", "echo done"]
          """),
      new Case("exec-and-shell", """
          FROM oracle-base
          RUN ["sh", "-c", "echo exec > /exec.txt"]
          RUN echo shell > /shell.txt
          RUN [ "sh" , "-c" , "echo spaced > /spaced.txt" ]
          RUN ["sh" "-c"] || echo fallback > /fallback.txt
          ENTRYPOINT ['sh', '-c']
          CMD ["one", "two"]
          """),
      new Case("heredocs", """
          FROM oracle-base
          ARG NAME=world
          RUN <<EOF
          echo first > /heredoc-run.txt
          echo "second $NAME" >> /heredoc-run.txt
          EOF
          RUN <<-EOT sh
          \techo tabs stripped > /tabbed.txt
          \tEOT
          COPY <<EOF /etc/heredoc.conf
          key=value
          EOF
          COPY <<EOF /expanded.txt
          hello $NAME
          EOF
          COPY <<'EOF' /literal.txt
          hello $NAME
          EOF
          """, List.of(), """
          FROM oracle-base
          ARG NAME=world
          RUN echo first > /heredoc-run.txt && echo "second $NAME" >> /heredoc-run.txt
          RUN echo tabs stripped > /tabbed.txt
          RUN echo key=value > /etc/heredoc.conf && echo "hello $NAME" > /expanded.txt \\
              && echo 'hello $NAME' > /literal.txt
          """),
      new Case("substitution-scope", """
          FROM oracle-base
          ENV PORT=8080 SIG=SIGUSR1 WHO=app DIR=/vol SRC=hello.txt NAME=value
          EXPOSE $PORT ${PORT}1/udp
          STOPSIGNAL $SIG
          VOLUME $DIR
          WORKDIR /w/$NAME
          COPY $SRC /copied-$NAME/
          ADD ${SRC} /added-${NAME:-x}
          LABEL from-env=$NAME escaped=\\$NAME
          ONBUILD RUN echo $NAME
          CMD echo $NAME ${PORT}
          ENTRYPOINT ["echo", "$NAME"]
          USER ${WHO}
          """),
      new Case("env-forms", """
          FROM oracle-base
          ENV ONE 1
          ENV OLD form with  spaces
          ENV DQ="double \\"quoted\\" $ONE" SQ='single $ONE' BS=back\\ slash
          ENV NESTED=${ONE}-${OLD:+yes}-${MISSING:-no} CHAINED=$DQ
          ENV ONE=2 USES_OLD=$ONE
          RUN env | grep -E '^(ONE|OLD|DQ|SQ|BS|NESTED|CHAINED|USES_OLD)=' | sort > /env.txt
          """),
      new Case("args", """
          ARG TAG=base
          ARG UNUSED_BEFORE=x
          FROM oracle-$TAG AS first
          ARG TAG
          ARG STAGE=default
          ARG FROMFLAG
          ENV SEEN_TAG=$TAG BEFORE=${UNUSED_BEFORE:-unset}
          RUN echo "$TAG $STAGE $FROMFLAG ${UNUSED_BEFORE:-unset}" > /args.txt
          FROM oracle-base
          COPY --from=first /args.txt /
          ARG STAGE
          ENV FINAL=${STAGE:-none} NOT_DECLARED=${FROMFLAG:-none}
          RUN echo "$STAGE" > /final.txt
          """, List.of("--build-arg", "FROMFLAG=given", "--build-arg", "STAGE=overridden")),
      new Case("proxy-args", """
          FROM oracle-base
          RUN echo "$HTTP_PROXY|$https_proxy|$NO_PROXY" > /proxy.txt
          """, List.of("--build-arg", "HTTP_PROXY=http://proxy.example:3128", "--build-arg",
          "https_proxy=http://secure.example:3129", "--build-arg", "NO_PROXY=localhost")),
      new Case("copy-wildcards", """
          FROM oracle-base
          COPY *.txt /all/
          COPY dir/*/f /star/
          COPY h[eo]*.txt /bracket/
          COPY hom?.txt hel*.txt /mixed/
          ADD *.tar.gz /added-glob/
          """),
      new Case("copy-destinations", """
          FROM oracle-base
          COPY hello.txt /renamed
          COPY hello.txt /into-dir/
          COPY dir/ /dir-contents
          COPY dir /dir-contents-too/
          COPY hello.txt home.txt /multi/
          RUN mkdir /exists
          COPY hello.txt /exists
          COPY dir/inner /deep/new/path/
          """),
      new Case("relative-destinations", """
          FROM oracle-base
          WORKDIR /srv/app
          COPY hello.txt .
          COPY hello.txt rel/
          ADD home.txt rel-file
          COPY dir sub
          WORKDIR nested
          COPY home.txt ./
          """),
      new Case("chown-by-name", """
          FROM oracle-base
          COPY --chown=app hello.txt /user-only/
          COPY --chown=app:app dir /user-group/
          COPY --chown=1000 home.txt /uid-only/
          COPY --chown=0:extra hello.txt /mixed-ids/
          ADD --chown=app:extra bundle.tar.gz /add-owned/
          ADD --chown=app home.txt /add-file-owned
          """),
      new Case("chmod", """
          FROM oracle-base
          COPY --chmod=755 dir /exec-dir/
          COPY --chmod=0444 hello.txt /read-only.txt
          COPY --chmod=700 --chown=app:extra hello.txt home.txt /both/
          """),
      new Case("copy-from-image-and-index", """
          FROM oracle-base AS first
          RUN echo zero > /zero.txt
          FROM oracle-base
          COPY --from=0 /zero.txt /from-index.txt
          COPY --from=oracle-base /etc/passwd /from-image-passwd
          COPY --from=oracle-onbuild /etc/group /from-onbuild-image
          COPY --from=first /zero.txt /etc/group /two/
          """),
      new Case("add-by-content", """
          FROM oracle-base
          ADD gzip-tar.dat /gz/
          ADD bzip2-tar /bz2/
          ADD xz-tar.bin /xz/
          ADD plain.tar /plain/
          ADD text.gz /not-a-tar/
          ADD dir /add-dir/
          COPY gzip-tar.dat /copied/
          """),
      new Case("volumes", """
          FROM oracle-base
          VOLUME /v1 /v2
          VOLUME ["/v3"]
          RUN echo lost > /v1/file && mkdir -p /v2/sub /v3 && chmod 700 /v3
          ADD hello.txt /v2/
          RUN echo outside > /outside
          """),
      new Case("workdir-env", """
          FROM oracle-base
          ENV BASE=/opt
          WORKDIR $BASE/app
          WORKDIR ../sibling
          WORKDIR rel/deeper
          RUN pwd > /pwd.txt
          """),
      new Case("users", """
          FROM oracle-base
          RUN mkdir -m 1777 /out
          USER app
          RUN id -u > /out/uid.txt && touch /out/by-app
          USER 1000:30
          RUN touch /out/by-ids
          USER app:extra
          RUN touch /out/by-names
          USER root
          RUN touch /out/by-root
          USER app
          """),
      new Case("healthchecks", """
          FROM oracle-base
          HEALTHCHECK --interval=30s --timeout=10s --start-period=5s --start-interval=2s --retries=4 \\
            CMD ["sh", "-c", "exit 0"]
          """, List.of(), """
          FROM oracle-base
          HEALTHCHECK --interval=30s --timeout=10s --start-period=5s --retries=4 \\
            CMD ["sh", "-c", "exit 0"]
          """),
      new Case("healthcheck-shell-and-override", """
          FROM oracle-base
          HEALTHCHECK CMD echo first
          HEALTHCHECK --retries=1 CMD wget -q localhost || exit 1
          """),
      new Case("healthcheck-none-over-parent", """
          FROM oracle-healthcheck-shell-and-override
          HEALTHCHECK NONE
          """),
      new Case("onbuild-more", """
          FROM oracle-base
          ONBUILD ENV FROM_PARENT=yes LITERAL=$HOME
          ONBUILD WORKDIR /triggered
          ONBUILD ADD home.txt ./
          ONBUILD RUN echo "$FROM_PARENT" > ran.txt
          """),
      new Case("onbuild-more-child", """
          FROM oracle-onbuild-more
          RUN pwd > /child-pwd.txt
          """),
      new Case("stopsignals", """
          FROM oracle-base
          ARG SIG=SIGUSR1
          STOPSIGNAL 9
          STOPSIGNAL $SIG
          """),
      new Case("shells", """
          FROM oracle-base
          SHELL ["/bin/sh", "-xc"]
          RUN echo traced > /traced.txt
          SHELL ["/bin/sh", "-c"]
          RUN echo plain > /plain.txt
          SHELL ["/bin/busybox", "sh", "-c"]
          HEALTHCHECK CMD echo healthy
          """),
      new Case("multi-stage-target", """
          FROM oracle-base AS deps
          RUN echo deps > /deps.txt
          FROM deps AS middle
          RUN echo middle > /middle.txt
          LABEL stage=middle
          FROM middle AS last
          RUN echo last > /last.txt
          LABEL stage=last
          """, List.of("--target", "middle")),
      new Case("labels-maintainer-expose", """
          FROM oracle-base
          MAINTAINER First Last <first@example.com>
          LABEL "com.example.vendor"="ACME Inc" com.example.version=1.0 \\
                description="multi \\
          line"
          LABEL quoted="a \\"quote\\"" empty=""
          EXPOSE 80/tcp 443 1000-1002/udp
          EXPOSE 80
          """),
      new Case("entrypoint-resets-base-cmd", """
          FROM oracle-base
          ENTRYPOINT ["echo"]
          """),
      new Case("dockerignore", """
          FROM oracle-base
          COPY . /ctx/
          """),
      new Case("links", """
          FROM oracle-base
          RUN mkdir /l && echo data > /l/target && ln -s target /l/rel && ln -s /l/target /l/abs \\
              && ln /l/target /l/hard && ln -s missing /l/dangling
          COPY link-to-hello /copied-link
          COPY dir/inner/ /inner-copy/
          """));

  private BuildOracleCorpus() {}
}
