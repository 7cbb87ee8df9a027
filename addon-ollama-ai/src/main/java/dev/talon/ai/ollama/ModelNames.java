package dev.talon.ai.ollama;

/** Ollama's model-name rules that routing needs: a missing tag means {@code :latest}. */
final class ModelNames {
  private ModelNames() {}

  static String normalize(String model) {
    int slash = model.lastIndexOf('/');
    return model.indexOf(':', slash + 1) >= 0 ? model : model + ":latest";
  }
}
