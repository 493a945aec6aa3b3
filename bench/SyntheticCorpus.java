import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.newskeeper.corpus.Article;
import org.newskeeper.corpus.ArticleParser;
import org.newskeeper.corpus.Corpus;
import org.newskeeper.corpus.CorpusFile;
import org.newskeeper.links.Link;
import org.newskeeper.links.Role;

/**
 * Builds a synthetic corpus of N articles from the real shapes in {@code ../shared/corpus}
 * ({@code 2020/}, {@code modern/}, {@code dialects/}), for the whole-process benchmarks.
 *
 * <p>Article {@code i} is a copy of template {@code order[i % T]} (the T real files in an order
 * shuffled with a fixed seed); copy 0 of each template is the real file byte for byte, copy
 * {@code c >= 1} is written as {@code <folder>/<site>/<id>-<c>.md} with:
 * <ul>
 *   <li>a unique source URL: {@code -<c>} inserted at the end of the URL's last path segment
 *       (before an extension or a trailing slash), replaced everywhere the file has it, as written,
 *       HTML-escaped, and percent-encoded once and twice as share links embed it (facebook
 *       {@code redirect_uri}, twitter and weibo intents, CDT share buttons);</li>
 *   <li>unique share short links ({@code rfi.my/CODE} becomes {@code rfi.my/CODE-<c>}, in every
 *       encoding), so a share link still leads to its own article;</li>
 *   <li>unique image URLs (each real article has its own pictures), same marker, same rule;</li>
 *   <li>every other byte as the template has it: other links (navigation, related articles, site
 *       boilerplate, which real articles share), timestamps, titles, defects and encodings.</li>
 * </ul>
 * The output is deterministic for (templates, N, seed). It is built in a temporary folder and moved
 * into place when complete, so an existing {@code target/bench-corpus-N/} is always whole and is
 * reused as it is.
 *
 * <p>Run: {@code java -cp target/newskeeper.jar bench/SyntheticCorpus.java [N] [--from DIR] [--out DIR] [--seed S]}
 * (default 64000 articles from {@code ../shared/corpus} into {@code target/bench-corpus-N}). The
 * corpus folder is the last line on standard output.
 */
public class SyntheticCorpus {
    static final Pattern SHORT_LINK = Pattern.compile("rfi\\.my(/|%2F|%252F)([A-Za-z0-9]+(?:\\.[A-Za-z0-9]+)?)");
    static final Pattern EXTENSION = Pattern.compile("\\.[A-Za-z0-9]{2,5}$");

    record Template(Path file, String folder, String stem, String source, List<String> images) {
    }

    public static void main(String[] args) throws Exception {
        int n = 64_000;
        Path from = Path.of("..", "shared", "corpus");
        Path out = null;
        long seed = 13;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--from" -> from = Path.of(args[++i]);
                case "--out" -> out = Path.of(args[++i]);
                case "--seed" -> seed = Long.parseLong(args[++i]);
                default -> n = Integer.parseInt(args[i].replace(",", "").replace("_", ""));
            }
        }
        if (out == null) {
            out = Path.of("target", "bench-corpus-" + n);
        }
        if (Files.isDirectory(out)) {
            System.err.println("synthetic corpus: reusing " + out);
            System.out.println(out);
            return;
        }
        if (!Files.isDirectory(from)) {
            System.err.println("synthetic corpus: " + from + ": no such folder (the shared corpus is absent; skipped)");
            System.exit(2);
        }
        long t0 = System.nanoTime();
        List<Template> templates = templates(from);
        Collections.shuffle(templates, new Random(seed));
        Path tmp = out.resolveSibling(out.getFileName() + ".tmp");
        deleteTree(tmp);
        Files.createDirectories(tmp);
        Set<String> sources = new HashSet<>();
        long bytes = 0;
        int sourceless = 0;
        int shortLinks = 0;
        for (int i = 0; i < n; i++) {
            Template t = templates.get(i % templates.size());
            int copy = i / templates.size();
            byte[] raw = Files.readAllBytes(t.file());
            String name = copy == 0 ? t.stem() + ".md" : t.stem() + "-" + copy + ".md";
            if (copy > 0) {
                // ISO-8859-1 keeps every byte as it is; the URLs are matched as their UTF-8 bytes.
                String text = new String(raw, StandardCharsets.ISO_8859_1);
                if (t.source() != null) {
                    String source = null;
                    for (String mark = "-" + copy; source == null || !sources.add(source); mark += "x") {
                        source = mark(t.source(), mark);
                    }
                    text = replaceUrl(text, t.source(), source);
                } else {
                    sourceless++;
                }
                for (String image : t.images()) {
                    text = replaceUrl(text, image, mark(image, "-" + copy));
                }
                Matcher m = SHORT_LINK.matcher(text);
                StringBuilder sb = new StringBuilder();
                while (m.find()) {
                    shortLinks++;
                    m.appendReplacement(sb, Matcher.quoteReplacement(m.group() + "-" + copy));
                }
                m.appendTail(sb);
                raw = sb.toString().getBytes(StandardCharsets.ISO_8859_1);
            } else if (t.source() != null && !sources.add(t.source())) {
                // two real files citing one source: the copies differ anyway; copy 0 stays real
            }
            Path target = tmp.resolve(t.folder()).resolve(name);
            Files.createDirectories(target.getParent());
            Files.write(target, raw);
            bytes += raw.length;
        }
        Files.move(tmp, out, StandardCopyOption.ATOMIC_MOVE);
        System.err.printf(Locale.ROOT,
                "synthetic corpus: %d articles (%d templates from %s, seed %d), %.1f MB, %d distinct source URLs,"
                        + " %d without a source, %d share short links rewritten, built in %.1f s%n",
                n, templates.size(), from, seed, bytes / 1e6, sources.size(), sourceless, shortLinks,
                (System.nanoTime() - t0) / 1e9);
        System.out.println(out);
    }

    /** Every article of the shared corpus with its source and image URLs, in path order. */
    static List<Template> templates(Path from) throws IOException {
        List<Template> out = new ArrayList<>();
        try (Stream<CorpusFile> files = Corpus.files(from)) {
            for (CorpusFile f : (Iterable<CorpusFile>) files::iterator) {
                if (f.problem().isPresent() || !f.path().contains("/")) {
                    continue;
                }
                Article a = ArticleParser.parse(f);
                String path = f.path();
                int slash = path.lastIndexOf('/');
                String folder = slash < 0 ? "" : path.substring(0, slash);
                String stem = path.substring(slash + 1).replaceFirst("\\.md$", "");
                List<String> images = new ArrayList<>(new LinkedHashSet<>(a.links().stream()
                        .filter(l -> l.role() == Role.IMAGE)
                        .map(Link::url)
                        .filter(u -> u.startsWith("http://") || u.startsWith("https://"))
                        .toList()));
                out.add(new Template(f.file(), folder, stem, a.source().filter(s -> !s.isBlank()).orElse(null), images));
            }
        }
        out.sort(Comparator.comparing(t -> t.file().toString()));
        return out;
    }

    /**
     * {@code url} with {@code mark} at the end of its last path segment, before an extension or a
     * trailing slash; for a URL whose path is {@code /} (an image proxy, {@code /?url=...}), at the end
     * of the query's last segment the same way.
     */
    static String mark(String url, String mark) {
        String fragment = "";
        int hash = url.indexOf('#');
        if (hash >= 0) {
            fragment = url.substring(hash);
            url = url.substring(0, hash);
        }
        int scheme = url.indexOf("://");
        int pathStart = url.indexOf('/', scheme < 0 ? 0 : scheme + 3);
        int query = url.indexOf('?');
        String head;
        String region;
        String tail;
        if (pathStart < 0 || (query >= 0 && query < pathStart)) {
            head = url;
            region = "";
            tail = "";
        } else if (query < 0) {
            head = url.substring(0, pathStart);
            region = url.substring(pathStart);
            tail = "";
        } else if (query - pathStart > 1) {
            head = url.substring(0, pathStart);
            region = url.substring(pathStart, query);
            tail = url.substring(query);
        } else {
            head = "";
            region = url;
            tail = "";
        }
        String marked;
        if (region.endsWith("/") && region.length() > 1 && !region.equals(url)) {
            marked = region.substring(0, region.length() - 1) + mark + "/";
        } else if (region.isEmpty() || region.equals("/")) {
            marked = "/" + mark.substring(1);
        } else {
            String last = region.substring(region.lastIndexOf('/') + 1);
            Matcher ext = EXTENSION.matcher(last);
            marked = ext.find() && ext.start() > 0
                    ? region.substring(0, region.length() - ext.group().length()) + mark + ext.group()
                    : region + mark;
        }
        return head + marked + tail + fragment;
    }

    /** Replaces {@code from} by {@code to} as written, HTML-escaped and percent-encoded once and twice. */
    static String replaceUrl(String text, String from, String to) {
        if (from.equals(to)) {
            return text;
        }
        String e1 = encode(from);
        String[][] forms = {
                {encode(e1), encode(encode(to))},
                {e1, encode(to)},
                {e1.toLowerCase(Locale.ROOT), encode(to).toLowerCase(Locale.ROOT)},
                {from.replace("&", "&amp;"), to.replace("&", "&amp;")},
                {from, to}};
        // through placeholders, so that no form is replaced again inside the replacement of another
        // (the new URL starts with the old one)
        List<String> seen = new ArrayList<>();
        for (int i = 0; i < forms.length; i++) {
            if (!seen.contains(forms[i][0])) {
                seen.add(forms[i][0]);
                text = text.replace(latin(forms[i][0]), "\u0001" + i + "\u0001");
            }
        }
        for (int i = 0; i < forms.length; i++) {
            text = text.replace("\u0001" + i + "\u0001", latin(forms[i][1]));
        }
        return text;
    }

    /** As JavaScript's encodeURIComponent: what share buttons embed. */
    static String encode(String s) {
        StringBuilder sb = new StringBuilder();
        for (byte b : s.getBytes(StandardCharsets.UTF_8)) {
            int c = b & 0xff;
            if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || "-_.!~*'()".indexOf(c) >= 0) {
                sb.append((char) c);
            } else {
                sb.append('%').append(String.format(Locale.ROOT, "%02X", c));
            }
        }
        return sb.toString();
    }

    /** The UTF-8 bytes of {@code s} as an ISO-8859-1 string (the file's bytes are read that way). */
    static String latin(String s) {
        return new String(s.getBytes(StandardCharsets.UTF_8), StandardCharsets.ISO_8859_1);
    }

    static void deleteTree(Path p) throws IOException {
        if (!Files.exists(p)) {
            return;
        }
        try (Stream<Path> s = Files.walk(p)) {
            s.sorted(Comparator.reverseOrder()).forEach(x -> {
                try {
                    Files.delete(x);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        }
    }
}
