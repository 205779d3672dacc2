package boutique.featureflag;

import io.zonky.test.db.postgres.embedded.PgBinaryResolver;
import io.zonky.test.db.postgres.util.ArchUtils;
import io.zonky.test.db.postgres.util.LinuxUtils;
import java.io.BufferedInputStream;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.JarURLConnection;
import java.net.URL;
import java.net.URLConnection;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermission;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.jar.JarEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.tukaani.xz.XZInputStream;

/**
 * The PostgreSQL binaries of the embedded server, unpacked once per version into a folder of their own, by
 * streaming the bundled archive file by file.
 *
 * <p>zonky's own unpacking copies the whole 14 MB archive into a byte array, copies it again, then reads every
 * tar entry whole and writes them all asynchronously, so the 55 MB of contents are in flight at once. Measured
 * on a first run of the service: it died with OutOfMemoryError at -Xmx64m and -Xmx96m, started at -Xmx128m, and
 * held 262 MB RSS afterwards; it also read and hashed the whole archive again at every later start. Streamed, the unpack holds the xz dictionary (8 MiB) and one copy buffer: a first
 * run starts at -Xmx32m (the shop gives 40m; later runs need 20m) at about 145 MB RSS. An unpack happens in a sibling {@code .partial} folder that
 * is renamed into place only once complete, so a killed unpack never leaves a folder that looks finished; what
 * a killed run leaves behind is removed and redone.
 *
 * <p>zonky is then pointed at the result without reading the archive: it names its binaries folder
 * {@code PG-<md5 of the bytes its PgBinaryResolver returns>} under the override working directory and skips
 * unpacking when that folder holds an up-to-date {@code .exists} marker. Our resolver returns a short identity
 * of the archive (its name, size and CRC), and we unpack into the folder that identity names.
 */
final class PostgresBinaries {

    private static final Logger log = LoggerFactory.getLogger(PostgresBinaries.class);
    /** zonky's marker of a finished folder. */
    private static final String MARKER = ".exists";

    private static final int COPY_BUFFER = 64 * 1024;

    private final Path root;
    private final Path folder;
    private final byte[] identity;

    private PostgresBinaries(Path root, Path folder, byte[] identity) {
        this.root = root;
        this.folder = folder;
        this.identity = identity;
    }

    /**
     * The binaries for this machine under {@code root}, unpacked first when they are missing or half done. Other
     * processes unpacking into the same root wait for each other (a file lock, released by the OS if one dies).
     */
    static synchronized PostgresBinaries under(Path root) throws IOException {
        Archive archive = Archive.forThisMachine();
        Path folder = folder(root, archive);
        Files.createDirectories(root);
        try (FileChannel lockFile = FileChannel.open(
                        root.resolve(folder.getFileName() + ".lock"),
                        StandardOpenOption.CREATE,
                        StandardOpenOption.WRITE);
                FileLock lock = lockFile.lock()) {
            if (!Files.exists(folder.resolve(MARKER))) {
                unpack(archive, folder);
            }
        }
        // zonky also requires the marker to be newer than the folder and its entries.
        Files.setLastModifiedTime(folder.resolve(MARKER), FileTime.from(Instant.now()));
        return new PostgresBinaries(root, folder, archive.identity());
    }

    /** The folder under {@code root} that holds (or will hold) this machine's binaries, unpacked or not. */
    static Path folderUnder(Path root) throws IOException {
        return folder(root, Archive.forThisMachine());
    }

    private static Path folder(Path root, Archive archive) {
        return root.resolve("PG-" + md5(archive.identity()));
    }

    /** What zonky reads instead of the archive: the identity that names {@link #folder()}. */
    PgBinaryResolver resolver() {
        return (system, architecture) -> new ByteArrayInputStream(identity);
    }

    /** The folder zonky looks for the binaries in (its "override working directory"). */
    Path root() {
        return root;
    }

    /** Where bin/, lib/ and share/ are. */
    Path folder() {
        return folder;
    }

    private static void unpack(Archive archive, Path folder) throws IOException {
        Path partial = folder.resolveSibling(folder.getFileName() + ".partial");
        for (Path leftover : List.of(folder, partial)) {
            if (Files.exists(leftover, LinkOption.NOFOLLOW_LINKS)) {
                log.warn("removing the half-unpacked PostgreSQL binaries in {} left by an interrupted run", leftover);
                deleteRecursively(leftover);
            }
        }
        long started = System.nanoTime();
        log.info("unpacking the embedded PostgreSQL binaries ({}) into {}", archive.name(), folder);
        Files.createDirectories(partial);
        try (InputStream raw = archive.url().openStream();
                XZInputStream xz = new XZInputStream(new BufferedInputStream(raw, COPY_BUFFER));
                TarArchiveInputStream tar = new TarArchiveInputStream(xz)) {
            TarArchiveEntry entry;
            while ((entry = tar.getNextEntry()) != null) {
                extract(tar, entry, partial);
            }
        }
        Files.createFile(partial.resolve(MARKER));
        Files.move(partial, folder, StandardCopyOption.ATOMIC_MOVE);
        log.info("unpacked the embedded PostgreSQL binaries in {} ms", (System.nanoTime() - started) / 1_000_000);
    }

    private static void extract(TarArchiveInputStream tar, TarArchiveEntry entry, Path into) throws IOException {
        Path target = inside(into, entry.getName());
        if (entry.isDirectory()) {
            Files.createDirectories(target);
            return;
        }
        Files.createDirectories(target.getParent());
        if (entry.isSymbolicLink()) {
            Files.createSymbolicLink(target, Path.of(entry.getLinkName()));
            return;
        }
        if (entry.isLink()) {
            Files.createLink(target, inside(into, entry.getLinkName()));
            return;
        }
        if (!entry.isFile()) {
            throw new IOException("unexpected entry in the PostgreSQL archive: " + entry.getName());
        }
        // Files.copy streams through a small buffer: an entry is never held whole in memory.
        Files.copy(tar, target, StandardCopyOption.REPLACE_EXISTING);
        if (FileSystems.getDefault().supportedFileAttributeViews().contains("posix")) {
            Files.setPosixFilePermissions(target, permissions(entry.getMode()));
        } else if (entry.getName().startsWith("bin/")) {
            target.toFile().setExecutable(true);
        }
    }

    /** The entry's path under {@code into}; an entry that would land outside it is refused. */
    private static Path inside(Path into, String name) throws IOException {
        Path target = into.resolve(name).normalize();
        if (!target.startsWith(into)) {
            throw new IOException("entry outside the archive's folder: " + name);
        }
        return target;
    }

    private static Set<PosixFilePermission> permissions(int mode) {
        Set<PosixFilePermission> permissions = EnumSet.noneOf(PosixFilePermission.class);
        PosixFilePermission[] bits = {
            PosixFilePermission.OTHERS_EXECUTE, PosixFilePermission.OTHERS_WRITE, PosixFilePermission.OTHERS_READ,
            PosixFilePermission.GROUP_EXECUTE, PosixFilePermission.GROUP_WRITE, PosixFilePermission.GROUP_READ,
            PosixFilePermission.OWNER_EXECUTE, PosixFilePermission.OWNER_WRITE, PosixFilePermission.OWNER_READ
        };
        for (int bit = 0; bit < bits.length; bit++) {
            if ((mode & (1 << bit)) != 0) {
                permissions.add(bits[bit]);
            }
        }
        permissions.add(PosixFilePermission.OWNER_READ);
        return permissions;
    }

    private static void deleteRecursively(Path path) throws IOException {
        Files.walkFileTree(path, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attributes) throws IOException {
                Files.delete(file);
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult postVisitDirectory(Path dir, IOException failure) throws IOException {
                if (failure != null) {
                    throw failure;
                }
                Files.delete(dir);
                return FileVisitResult.CONTINUE;
            }
        });
    }

    private static String md5(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The bundled archive for this operating system and architecture, found by zonky's naming rules. */
    record Archive(String name, URL url, byte[] identity) {

        static Archive forThisMachine() throws IOException {
            for (String name : candidates()) {
                URL url = PostgresBinaries.class.getClassLoader().getResource(name);
                if (url != null) {
                    return new Archive(name, url, identity(name, url));
                }
            }
            throw new IOException("no embedded PostgreSQL binaries in the jar for this machine (looked for "
                    + String.join(", ", candidates()) + ")");
        }

        /** The distribution's own build first, then the generic one, as zonky's default resolver looks them up. */
        private static List<String> candidates() {
            String osName = System.getProperty("os.name").toLowerCase(Locale.ROOT);
            String system = osName.startsWith("windows") ? "windows" : osName.startsWith("mac") ? "darwin" : "linux";
            String architecture = ArchUtils.normalize(System.getProperty("os.arch"));
            List<String> names = new ArrayList<>();
            if (system.equals("linux")) {
                String distribution = LinuxUtils.getDistributionName();
                if (distribution != null && !distribution.isBlank()) {
                    names.add(normalize("postgres-" + system + "-" + architecture + "-" + distribution + ".txz"));
                }
            }
            names.add(normalize("postgres-" + system + "-" + architecture + ".txz"));
            if (!system.equals("linux") && architecture.equals("arm_64")) {
                // No native build for these: zonky runs the x86_64 one under emulation.
                names.add("postgres-" + system + "-x86_64.txz");
            }
            return names;
        }

        private static String normalize(String name) {
            return name.replace(' ', '_').toLowerCase(Locale.ROOT);
        }

        /**
         * Name, size and CRC-32 of the archive's jar entry: cheap to read at every start, and different for every
         * build of the binaries. Outside a jar, the archive's MD5, read as a stream.
         */
        private static byte[] identity(String name, URL url) throws IOException {
            URLConnection connection = url.openConnection();
            if (connection instanceof JarURLConnection jar) {
                JarEntry entry = jar.getJarEntry();
                return (name + " size=" + entry.getSize() + " crc=" + Long.toHexString(entry.getCrc()))
                        .getBytes(StandardCharsets.UTF_8);
            }
            try (DigestInputStream in =
                    new DigestInputStream(connection.getInputStream(), MessageDigest.getInstance("MD5"))) {
                in.transferTo(OutputStream.nullOutputStream());
                return (name + " md5="
                                + HexFormat.of().formatHex(in.getMessageDigest().digest()))
                        .getBytes(StandardCharsets.UTF_8);
            } catch (NoSuchAlgorithmException e) {
                throw new IllegalStateException(e);
            }
        }
    }
}
