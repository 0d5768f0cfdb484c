package dev.berth.control.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.berth.control.support.AgentProcess;
import dev.berth.control.support.Browser;
import dev.berth.control.support.DockerCli;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;

/**
 * Networks and published ports in a real browser against a real agent: a network created with the
 * docker CLI appears on the open Networks page without a reload; a container's published port is a
 * link that answers (its loopback binding is shown, not linked); the host page's Run form refuses a
 * host port another container publishes on the same address family, in words, and says plainly when
 * the agent finds one taken.
 */
@QuarkusTest
class NetworksPageInBrowserTest {
  private static final String HOST = "browser-networks";
  private static final String NETWORK = "web-net-front";
  private static final String SERVER = "web-port-server";
  @TestHTTPResource("/") URL controlPlane;

  @Test
  void networksPortLinksAndTheRunFormsPortCheck() throws Exception {
    try (AgentProcess agent = AgentProcess.startOnline(controlPlane, HOST);
         Browser browser = Browser.open(controlPlane)) {
      DockerCli docker = new DockerCli(controlPlane, HOST);
      try {
        DockerCli.Result imported = docker.run(DockerCli.busyboxRootfs(), "import", "-", "web-net/busybox:1");
        assertEquals(0, imported.exit(), imported.output());
        browser.signInAsAdmin();
        browser.visit("/networks?host=" + HOST);
        WebDriver page = browser.driver();
        ((JavascriptExecutor) page).executeScript("window.berthStillOpen = true;");
        browser.until(d -> !d.findElements(By.cssSelector("tr[data-name='bridge']")).isEmpty());

        docker.ok("network", "create", "--label", "tier=front", NETWORK);
        browser.until(d -> !d.findElements(By.cssSelector("tr[data-name='" + NETWORK + "']")).isEmpty());
        assertEquals(Boolean.TRUE, ((JavascriptExecutor) page).executeScript("return window.berthStillOpen;"),
            "the page follows the host without a reload");
        assertTrue(page.findElement(By.cssSelector("tr[data-name='" + NETWORK + "']")).getText().contains("tier=front"));

        // A server on the network, published on every address (a random port) and on loopback only.
        docker.ok("run", "-d", "--name", SERVER, "--network", NETWORK, "-p", "80", "-p", "127.0.0.1::81",
            "web-net/busybox:1", "sh", "-c", "echo hello-from-berth > /tmp/index.html; exec busybox httpd -f -p 80 -h /tmp");
        String published = docker.ok("port", SERVER, "80/tcp").lines().filter(l -> l.startsWith("0.0.0.0:"))
            .findFirst().orElseThrow().substring("0.0.0.0:".length()).trim();
        browser.until(d -> d.findElement(By.cssSelector("tr[data-name='" + NETWORK + "']")).getText().contains(SERVER));

        browser.visit("/hosts/" + HOST + "/containers/" + SERVER);
        List<WebElement> links = page.findElements(By.cssSelector(".ports a"));
        assertEquals(1, links.size(), "only the port published on every address is a link");
        String url = links.get(0).getDomAttribute("href");
        assertTrue(url.matches("http://[^/]+:" + published), url);
        assertTrue(links.get(0).getText().contains(":" + published + " → 80/tcp"), links.get(0).getText());
        assertTrue(page.findElement(By.cssSelector(".ports")).getText().contains("127.0.0.1:"), "the loopback binding is shown");
        HttpResponse<String> answer = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(url)).build(),
            HttpResponse.BodyHandlers.ofString());
        assertEquals("hello-from-berth", answer.body().trim());

        // The containers list links it too.
        browser.visit("/containers?host=" + HOST);
        browser.until(d -> d.findElements(By.cssSelector("tr[data-name='" + SERVER + "'] .ports a")).size() == 1);

        // The Run form: the same host port again is refused before anything is created.
        browser.visit("/hosts/" + HOST);
        page.findElement(By.id("run-image")).sendKeys("web-net/busybox:1");
        page.findElement(By.id("run-name")).sendKeys("web-port-clash");
        page.findElement(By.id("run-ports")).sendKeys(published + ":8080");
        page.findElement(By.cssSelector("form[data-action=run] button[type=submit]")).click();
        browser.until(d -> status(d).contains("Port " + published + "/tcp is already published on " + HOST
            + " by container " + SERVER));
        page.findElement(By.id("run-ports")).clear();
        page.findElement(By.id("run-ports")).sendKeys("80:80:80");
        page.findElement(By.cssSelector("form[data-action=run] button[type=submit]")).click();
        browser.until(d -> status(d).contains("Invalid port 80:80:80"));
        assertEquals("", docker.ok("ps", "-a", "--quiet", "--filter", "name=web-port-clash").trim());

        // A port another process holds: the agent refuses the start, and the form says so plainly.
        page.findElement(By.id("run-command")).sendKeys("sleep 30");
        try (ServerSocket held = new ServerSocket(0)) {
          page.findElement(By.id("run-ports")).clear();
          page.findElement(By.id("run-ports")).sendKeys(held.getLocalPort() + ":80");
          page.findElement(By.cssSelector("form[data-action=run] button[type=submit]")).click();
          browser.until(d -> status(d).contains("Port " + held.getLocalPort() + " (on 0.0.0.0) is already in use on "
              + HOST + " by another container or process"));
        }

        // The check knows address families: [::] does not take the port the server holds on 127.0.0.1.
        String bound = docker.ok("port", SERVER, "81/tcp").strip();
        String loopback = bound.substring(bound.lastIndexOf(':') + 1);
        page.findElement(By.id("run-name")).clear();
        page.findElement(By.id("run-name")).sendKeys("web-port-v6");
        page.findElement(By.id("run-ports")).clear();
        page.findElement(By.id("run-ports")).sendKeys("[::]:" + loopback + ":80");
        page.findElement(By.cssSelector("form[data-action=run] button[type=submit]")).click();
        browser.until(d -> {
          try {
            return !docker.ok("ps", "--quiet", "--filter", "name=web-port-v6").isBlank();
          } catch (Exception e) {
            throw new IllegalStateException(e);
          }
        });
        assertEquals("[::]:" + loopback, docker.ok("port", "web-port-v6", "80/tcp").strip());
      } finally {
        docker.run(null, "rm", "-f", SERVER, "web-port-clash", "web-port-v6");
        docker.run(null, "network", "rm", NETWORK);
      }
    }
  }

  private static String status(WebDriver page) {
    return page.findElement(By.cssSelector("form[data-action=run]")).findElement(By.xpath("following-sibling::p")).getText();
  }
}
