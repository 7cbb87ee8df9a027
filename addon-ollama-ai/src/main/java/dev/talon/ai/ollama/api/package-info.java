/**
 * Ollama's requests and responses as records, named as on the wire (camelCase here, snake_case in
 * JSON). Unknown response fields are ignored; absent ones are {@code null}. Request fields left
 * {@code null} are not sent, so Ollama's defaults (and the operator's settings) apply.
 */
package dev.talon.ai.ollama.api;
