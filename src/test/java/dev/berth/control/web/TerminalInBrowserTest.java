package dev.berth.control.web;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.berth.control.security.BerthAuthenticationMechanism;
import dev.berth.control.support.Admin;
import dev.berth.control.support.AgentProcess;
import dev.berth.control.support.Browser;
import dev.berth.control.support.DockerCli;
import dev.berth.control.support.People;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;

/**
 * The web terminal in a real browser against a real agent: a shell in a running container runs
 * what is typed and shows its output, follows the window's size, and is refused (403, before any
 * WebSocket) to viewers and to pages of other sites. Saves target/terminal-in-browser.png.
 */
@QuarkusTest
class TerminalInBrowserTest {
  private static final String HOST = "browser-terminal";
  private static final String NAME = "web-terminal";
  @TestHTTPResource("/") URL controlPlane;

  @Test
  void runsTypedCommandsAndFollowsTheWindowSize() throws Exception {
    try (AgentProcess agent = AgentProcess.startOnline(controlPlane, HOST);
         Browser browser = Browser.open(controlPlane)) {
      DockerCli docker = new DockerCli(controlPlane, HOST);
      try {
        DockerCli.Result imported = docker.run(DockerCli.busyboxRootfs(), "import", "-", "web-term/busybox:1");
        assertEquals(0, imported.exit(), imported.output());
        docker.ok("run", "-d", "--name", NAME, "web-term/busybox:1", "sleep", "300");
        browser.signInAsAdmin();
        browser.visit("/hosts/" + HOST + "/containers/" + NAME);
        WebDriver page = browser.driver();
        page.findElement(By.cssSelector("#terminal .terminal-open")).click();
        browser.until(d -> "true".equals(d.findElement(By.id("terminal")).getDomAttribute("data-connected")));

        type(page, "echo term-$((6*7))\n");
        browser.until(d -> screen(d).contains("\nterm-42"));

        page.manage().window().setSize(new Dimension(900, 700));
        browser.until(d -> !size(d).equals(List.of(0L, 0L)));
        List<?> before = size(page);
        page.manage().window().setSize(new Dimension(1300, 900));
        browser.until(d -> !size(d).equals(before));
        List<?> after = size(page);
        type(page, "stty size\n");
        browser.until(d -> screen(d).contains("\n" + after.get(0) + " " + after.get(1)));

        // A viewer's page of the same container offers no terminal, and the server refuses one.
        String viewer = sessionCookie(People.create("term-viewer", "viewer"), People.PASSWORD);
        String viewersPage = given().cookie(BerthAuthenticationMechanism.SESSION_COOKIE, viewer)
            .get("/hosts/" + HOST + "/containers/" + NAME).then().statusCode(200).extract().asString();
        assertTrue(viewersPage.contains("web-term/busybox:1") && !viewersPage.contains("data-terminal"), viewersPage);
        assertEquals(403, upgradeStatus("/hosts/" + HOST + "/containers/" + NAME + "/terminal", viewer, origin()));

        Files.createDirectories(Path.of("target"));
        Files.write(Path.of("target/terminal-in-browser.png"), ((TakesScreenshot) page).getScreenshotAs(OutputType.BYTES));

        // Openings and refusals are in the audit trail.
        List<String> outcomes = Admin.api().queryParam("host", HOST).queryParam("action", "terminal.open")
            .get("/api/v1/audit").then().statusCode(200).extract().jsonPath().getList("outcome", String.class);
        assertTrue(outcomes.contains("ok") && outcomes.stream().anyMatch(o -> o.startsWith("refused: permission denied")),
            outcomes.toString());

        // Leaving the page ends the shell's input: the shell exits.
        assertTrue(runsShell(docker), docker.ok("top", NAME));
        browser.visit("/");
        browser.until(d -> !runsShell(docker));
      } finally {
        docker.run(null, "rm", "-f", NAME);
      }
    }
  }

  @Test
  void refusesPagesOfOtherSites() throws IOException {
    String operator = sessionCookie(People.create("term-operator", "operator"), People.PASSWORD);
    String path = "/hosts/" + HOST + "/containers/any/terminal";
    assertEquals(403, upgradeStatus(path, operator, "http://elsewhere.example"));
    assertEquals(403, upgradeStatus(path, operator, "null"));
  }

  private String origin() {
    return controlPlane.getProtocol() + "://" + controlPlane.getAuthority();
  }

  private static String sessionCookie(String username, String password) {
    return given().redirects().follow(false).formParam("username", username).formParam("password", password)
        .post("/login").then().statusCode(303).extract().cookie(BerthAuthenticationMechanism.SESSION_COOKIE);
  }

  /** The status of a WebSocket upgrade request, read from the raw answer. */
  private int upgradeStatus(String path, String cookie, String origin) throws IOException {
    try (Socket socket = new Socket(controlPlane.getHost(), controlPlane.getPort())) {
      OutputStream out = socket.getOutputStream();
      out.write(("GET " + path + " HTTP/1.1\r\nHost: " + controlPlane.getAuthority() + "\r\n"
          + "Connection: Upgrade\r\nUpgrade: websocket\r\nSec-WebSocket-Version: 13\r\n"
          + "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nOrigin: " + origin + "\r\n"
          + "Cookie: " + BerthAuthenticationMechanism.SESSION_COOKIE + "=" + cookie + "\r\n\r\n")
          .getBytes(StandardCharsets.US_ASCII));
      out.flush();
      String status = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.US_ASCII)).readLine();
      return Integer.parseInt(status.split(" ")[1]);
    }
  }

  private static boolean runsShell(DockerCli docker) {
    try {
      return docker.ok("top", NAME).lines().anyMatch(line -> line.matches(".*\\ssh$"));
    } catch (IOException | InterruptedException e) {
      throw new AssertionError(e);
    }
  }

  private static void type(WebDriver page, String text) {
    ((JavascriptExecutor) page).executeScript(
        "window.berthTerminal.input(arguments[0], true);", text.replace("\n", "\r"));
  }

  /** The terminal's lines, as xterm.js holds them. */
  private static String screen(WebDriver page) {
    return (String) ((JavascriptExecutor) page).executeScript(
        "const b = window.berthTerminal.buffer.active; const lines = [];"
            + "for (let i = 0; i < b.length; i++) { lines.push(b.getLine(i).translateToString(true)); }"
            + "return lines.join('\\n');");
  }

  private static List<?> size(WebDriver page) {
    return (List<?>) ((JavascriptExecutor) page).executeScript(
        "return [window.berthTerminal.rows, window.berthTerminal.cols];");
  }
}
