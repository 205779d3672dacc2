package boutique.launcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ServiceJavaTests {

    @TempDir
    Path jvms;

    @Test
    void release_readsTheFeatureReleaseOfTheReleaseFile() throws IOException {
        assertThat(ServiceJava.releaseOf(jdk("temurin-25", "25.0.3"))).contains(25);
        assertThat(ServiceJava.releaseOf(jdk("java-17", "17.0.15"))).contains(17);
        assertThat(ServiceJava.releaseOf(jdk("java-8", "1.8.0_442"))).contains(8);
        assertThat(ServiceJava.releaseOf(Files.createDirectories(jvms.resolve("not-a-jdk"))))
                .isEmpty();
    }

    @Test
    void newestBeside_picksTheHighestReleaseWithAJavaBinary() throws IOException {
        Path running = jdk("java-17", "17.0.15");
        jdk("temurin-25", "25.0.3");
        jdk("temurin-21", "21.0.9");
        Path broken = Files.createDirectories(jvms.resolve("temurin-26"));
        Files.writeString(broken.resolve("release"), "JAVA_VERSION=\"26\"\n"); // no bin/java

        assertThat(ServiceJava.newestBeside(running)).contains(new ServiceJava(jvms.resolve("temurin-25"), 25));
    }

    @Test
    void theServices_runOnAJdkWithAnAotCache_whenTheMachineHasOne() {
        ServiceJava chosen = ServiceJava.choose(Map.of());
        boolean installed = ServiceJava.newestBeside(Path.of(System.getProperty("java.home")))
                .filter(ServiceJava::aotCache)
                .isPresent();

        assertThat(chosen.aotCache()).isEqualTo(installed || Runtime.version().feature() >= 25);
        assertThat(Path.of(chosen.binary())).isExecutable();
    }

    @Test
    void shopJavaHome_wins_andMustBeAJdk() throws IOException {
        Path jdk11 = jdk("java-11", "11.0.24");

        ServiceJava chosen = ServiceJava.choose(Map.of("SHOP_JAVA_HOME", jdk11.toString()));

        assertThat(chosen).isEqualTo(new ServiceJava(jdk11, 11));
        assertThat(chosen.aotCache()).isFalse();
        assertThat(chosen.options()).isEmpty();
        assertThatThrownBy(() -> ServiceJava.choose(Map.of("SHOP_JAVA_HOME", jvms.toString())))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("SHOP_JAVA_HOME=" + jvms + " is not a JDK");
    }

    @Test
    void aClassDataArchive_isAnAotCacheFrom25On_namedForTheJdksVersion() throws IOException {
        ServiceDef catalog = ServiceDef.ALL.stream()
                .filter(s -> s.name().equals("productcatalogservice"))
                .findFirst()
                .orElseThrow();
        Path jar = Files.createFile(jvms.resolve("app.jar"));

        ClassDataArchive on25 = new ClassDataArchive(jvms, catalog, jar, new ServiceJava(jdk("t25", "25.0.3"), 25));
        ClassDataArchive on17 = new ClassDataArchive(jvms, catalog, jar, new ServiceJava(jdk("j17", "17.0.15"), 17));

        assertThat(on25.archive().getFileName()).hasToString("app-25.0.3.aot");
        assertThat(on17.archive().getFileName()).hasToString("app.jsa");
        Files.createDirectories(on25.archive().getParent());
        Files.createFile(on25.archive());
        assertThat(on25.launchArguments()).startsWith("-XX:AOTCache=" + on25.archive(), "-XX:AOTMode=auto");
        assertThat(on17.launchArguments()).startsWith("-jar", jar.toString());
    }

    @Test
    void aJdkUpdatedInPlace_recordsACacheOfItsOwn_ratherThanStartingFromOneItWouldRefuse() throws IOException {
        ServiceDef catalog = ServiceDef.ALL.get(0);
        Path jar = Files.createFile(jvms.resolve("app.jar"));
        Files.setLastModifiedTime(jar, FileTime.fromMillis(0));
        ServiceJava java = new ServiceJava(jdk("t25", "25.0.3"), 25);
        ClassDataArchive before = new ClassDataArchive(jvms, catalog, jar, java);
        Files.createDirectories(before.archive().getParent());
        Files.createFile(before.archive());
        assertThat(before.isCurrent()).isTrue();

        Files.writeString(java.home().resolve("release"), "JAVA_VERSION=\"25.0.4\"\n");
        ClassDataArchive after = new ClassDataArchive(jvms, catalog, jar, java);

        assertThat(after.archive().getFileName()).hasToString("app-25.0.4.aot");
        assertThat(after.isCurrent()).isFalse();
        assertThat(after.launchArguments()).startsWith("-jar", jar.toString());
    }

    private Path jdk(String name, String version) throws IOException {
        Path home = Files.createDirectories(jvms.resolve(name).resolve("bin")).getParent();
        Files.writeString(home.resolve("release"), "IMPLEMENTOR=\"test\"\nJAVA_VERSION=\"" + version + "\"\n");
        Path java = Files.createFile(home.resolve("bin/java"));
        java.toFile().setExecutable(true);
        return home;
    }
}
