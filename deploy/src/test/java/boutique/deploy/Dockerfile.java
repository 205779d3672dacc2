package boutique.deploy;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** A Dockerfile read into its stages and instructions (continuation lines joined, comments dropped). */
record Dockerfile(Map<String, String> globalArgs, List<Stage> stages) {

    record Instruction(String keyword, String arguments) {}

    record Stage(String from, String name, List<Instruction> instructions) {

        List<String> all(String keyword) {
            return instructions.stream()
                    .filter(i -> i.keyword().equals(keyword))
                    .map(Instruction::arguments)
                    .toList();
        }

        /** The stage's ARG names with their defaults (null when none). */
        Map<String, String> args() {
            Map<String, String> args = new LinkedHashMap<>();
            for (String arg : all("ARG")) {
                int equals = arg.indexOf('=');
                args.put(
                        equals < 0 ? arg : arg.substring(0, equals),
                        equals < 0 ? null : arg.substring(equals + 1).replaceAll("^\"|\"$", ""));
            }
            return args;
        }
    }

    static Dockerfile parse(String text) {
        Map<String, String> globalArgs = new LinkedHashMap<>();
        List<Stage> stages = new ArrayList<>();
        StringBuilder pending = new StringBuilder();
        for (String line : text.split("\n")) {
            String trimmed = line.strip();
            if (trimmed.startsWith("#") || (trimmed.isEmpty() && pending.isEmpty())) {
                continue;
            }
            if (trimmed.endsWith("\\")) {
                pending.append(trimmed, 0, trimmed.length() - 1).append(' ');
                continue;
            }
            String instruction = pending.append(trimmed).toString().strip();
            pending.setLength(0);
            if (instruction.isEmpty()) {
                continue;
            }
            int space = instruction.indexOf(' ');
            String keyword = instruction.substring(0, space).toUpperCase(Locale.ROOT);
            String arguments = instruction.substring(space + 1).strip();
            if (keyword.equals("FROM")) {
                String[] parts = arguments.split("\\s+");
                stages.add(new Stage(parts[0], parts.length == 3 ? parts[2] : null, new ArrayList<>()));
            } else if (stages.isEmpty() && keyword.equals("ARG")) {
                int equals = arguments.indexOf('=');
                globalArgs.put(arguments.substring(0, equals), arguments.substring(equals + 1));
            } else {
                stages.get(stages.size() - 1).instructions().add(new Instruction(keyword, arguments));
            }
        }
        return new Dockerfile(globalArgs, stages);
    }

    static Dockerfile read(String relative) {
        return parse(DeployFiles.read(relative));
    }

    Stage stage(String name) {
        return stages.stream()
                .filter(s -> name.equals(s.name()))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no stage " + name));
    }

    Stage last() {
        return stages.get(stages.size() - 1);
    }

    /** The image a stage starts from, with the global ARG defaults filled in. */
    String baseImage(Stage stage) {
        return DeployFiles.interpolate(stage.from(), globalArgs);
    }
}
