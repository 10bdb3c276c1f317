package io.eventgateway.testkit.process;

import java.io.IOException;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.util.Arrays;

/**
 * Runs another class's {@code main} in this JVM and halts the JVM when its standard input ends,
 * which is when the {@link JvmProcess} that started it has died, even by SIGKILL (as when Surefire
 * kills a test JVM that timed out). What {@link JvmCommand.Builder#diesWithParent()} puts in front
 * of the main class; the program must not read its standard input itself.
 *
 * <p>Arguments: {@code <main class> <its arguments>...}. Exit status 70 when the parent died.
 */
public final class DiesWithParent {
  /** The exit status after the parent died: EX_SOFTWARE of sysexits. */
  static final int PARENT_DIED = 70;

  private DiesWithParent() {}

  public static void main(String[] args) throws Throwable {
    if (args.length == 0) {
      System.err.println("DiesWithParent: expected <main class> <arguments>...");
      System.exit(2);
    }
    Thread watch = new Thread(DiesWithParent::haltWhenInputEnds, "dies-with-parent");
    watch.setDaemon(true);
    watch.start();
    Method main = Class.forName(args[0]).getMethod("main", String[].class);
    try {
      main.invoke(null, (Object) Arrays.copyOfRange(args, 1, args.length));
    } catch (InvocationTargetException failed) {
      throw failed.getCause();
    }
  }

  private static void haltWhenInputEnds() {
    try {
      while (System.in.read() >= 0) {
        // the parent writes nothing; the end of the pipe is the message
      }
    } catch (IOException closed) {
      // the same: the pipe is gone
    }
    Runtime.getRuntime().halt(PARENT_DIED);
  }
}
