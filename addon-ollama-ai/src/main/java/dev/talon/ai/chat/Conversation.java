package dev.talon.ai.chat;

/** A conversation's header; its messages are read separately. */
public record Conversation(long id, long ownerId, String title, String preset, long createdAt, long updatedAt) {}
