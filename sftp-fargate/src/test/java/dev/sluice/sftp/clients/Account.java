package dev.sluice.sftp.clients;

import java.nio.file.Path;

/**
 * Where and as whom a client logs in: a fresh user with both a password and an Ed25519 key (each
 * client uses the one it handles best), and a scratch folder for the client's own files.
 *
 * @param port the server's SSH port on 127.0.0.1
 * @param user the user name
 * @param password the user's password
 * @param key the private key file (OpenSSH format) whose public half the user holds
 * @param work a scratch folder for configuration files the client needs
 */
record Account(int port, String user, String password, Path key, Path work) {}
