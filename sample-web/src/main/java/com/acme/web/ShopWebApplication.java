package com.acme.web;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.web.context.WebServerInitializedEvent;
import org.springframework.context.ApplicationListener;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * A shop's web front: {@code GET /price?item=...} answers a price. Prints {@code LISTENING <port>}
 * once its server accepts connections (start it with {@code --server.port=0} for a free port).
 */
@SpringBootApplication(proxyBeanMethods = false)
@RestController
public class ShopWebApplication implements ApplicationListener<WebServerInitializedEvent> {

    /** Answers the price of an item, in cents. */
    @GetMapping("/price")
    public String price(@RequestParam("item") String item) {
        return item + "=" + cents(item);
    }

    /** Says the shop is open; not annotated with a mapping of its own. */
    public String open() {
        return "open";
    }

    private static int cents(String item) {
        return 100 + Math.floorMod(item.hashCode(), 900);
    }

    @Override
    public void onApplicationEvent(WebServerInitializedEvent event) {
        System.out.println("LISTENING " + event.getWebServer().getPort());
    }

    /** Starts the application. */
    public static void main(String[] args) {
        SpringApplication.run(ShopWebApplication.class, args);
    }
}
