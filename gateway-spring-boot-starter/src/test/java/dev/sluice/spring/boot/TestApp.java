package dev.sluice.spring.boot;

import org.springframework.boot.autoconfigure.SpringBootApplication;

/** The smallest application: the starter's auto-configuration and Boot's. */
@SpringBootApplication
class TestApp {}
