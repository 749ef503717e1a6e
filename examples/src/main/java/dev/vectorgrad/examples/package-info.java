/** Runnable programs a new user starts with. */
package dev.vectorgrad.examples;
