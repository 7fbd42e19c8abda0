package io.github.clustermaster;

import java.util.List;
import java.util.Map;
import java.util.Set;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import io.github.clustermaster.control.ClusterCommandExecutor;
import io.github.clustermaster.control.MasterUpgrade;
import io.github.clustermaster.control.ResizeLimit;
import io.github.clustermaster.ipc.WireJson;
import io.github.clustermaster.supervisor.Supervisor;
import io.github.clustermaster.supervisor.WorkerPoolManager;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.autoconfigure.AutoConfiguration;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

/**
 * The architecture rules of STYLE.md, checked by the build instead of by review.
 */
class ArchitectureTests {

	// The starter's classes: not the test harness (cluster-master-test-support) on this class path
	private static final JavaClasses classes = new ClassFileImporter()
		.withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
		.withImportOption((location) -> !location.contains("cluster-master-test-support"))
		.importPackages("io.github.clustermaster");

	@Test
	void packagesHaveNoCycles() {
		slices().matching("io.github.clustermaster.(**)").should().beFreeOfCycles().check(classes);
	}

	@Test
	void theSupervisorCoreIsFreeOfSpringBootAndOfTheLayersAroundIt() {
		noClasses().that()
			.resideInAPackage("..supervisor..")
			.should()
			.dependOnClassesThat()
			.resideInAnyPackage("org.springframework.boot..", "io.github.clustermaster.ipc..",
					"io.github.clustermaster.master..", "io.github.clustermaster.worker..",
					"io.github.clustermaster.autoconfigure..", "io.github.clustermaster.events..")
			.check(classes);
	}

	@Test
	void theMastersEventsKnowNoneOfTheirReporters() {
		// The port, the upgrade, the REPL, messaging and the archives all report here: the
		// events are plain values and their sentences, so none of those needs another
		noClasses().that()
			.resideInAPackage("io.github.clustermaster.events..")
			.should()
			.dependOnClassesThat()
			.resideInAnyPackage("org.springframework..", "tools.jackson..")
			.orShould()
			.dependOnClassesThat(DescribedPredicate.describe("another package of ours",
					(JavaClass type) -> type.getPackageName().startsWith("io.github.clustermaster.")
							&& !type.getPackageName().equals("io.github.clustermaster.events")))
			.check(classes);
	}

	@Test
	void theSupervisorCoreKnowsNoWireFormat() {
		// The loop and its deciders take and give values; only the layers around them read JSON
		noClasses().that()
			.resideInAPackage("..supervisor..")
			.should()
			.dependOnClassesThat()
			.resideInAnyPackage("com.fasterxml.jackson..", "tools.jackson..", "io.github.clustermaster.control..",
					"io.github.clustermaster.messaging..")
			.check(classes);
	}

	@Test
	void theControlVocabularyKnowsNoneOfTheLayersThatCarryIt() {
		// Its records are what the wire carries (ipc reads them): they must not know the wire
		noClasses().that()
			.resideInAPackage("io.github.clustermaster.control..")
			.should()
			.dependOnClassesThat()
			.resideInAnyPackage("io.github.clustermaster.ipc..", "io.github.clustermaster.worker..",
					"io.github.clustermaster.master..", "io.github.clustermaster.actuate..",
					"io.github.clustermaster.shell..", "org.springframework..", "tools.jackson..")
			.check(classes);
	}

	@Test
	void theWireCarriesCommandsButRunsNone() {
		noClasses().that()
			.resideInAPackage("io.github.clustermaster.ipc..")
			.should()
			.dependOnClassesThat()
			.belongToAnyOf(ClusterCommandExecutor.class, MasterUpgrade.class, ResizeLimit.class)
			.check(classes);
	}

	@Test
	void theStarterBuildsOneJsonMapper() {
		noClasses().that()
			.doNotBelongToAnyOf(WireJson.class)
			.should()
			.callMethod(JsonMapper.class, "builder")
			.orShould()
			.callConstructor(JsonMapper.class)
			.check(classes);
	}

	@Test
	void theCommandPathReadsNoJsonTreesButMessagesAndRelayedActuatorBodies() {
		// Commands, outcomes and their arguments are typed values; a tree is left only where
		// the JSON is the user's own: messaging payloads, and Actuator bodies relayed as they are
		Set<String> userJson = Set.of("MasterMessaging", "MasterRequests", "ReplCommands", "WorkerOperations",
				"WorkerRelayFilter");
		noClasses().that()
			.resideInAnyPackage("io.github.clustermaster.control..", "io.github.clustermaster.actuate..",
					"io.github.clustermaster.shell..", "io.github.clustermaster.master..")
			.and(DescribedPredicate.describe("are not " + userJson,
					(JavaClass type) -> !userJson.contains(topLevel(type).getSimpleName())))
			.should()
			.dependOnClassesThat(JavaClass.Predicates.assignableTo(JsonNode.class))
			.check(classes);
	}

	private static JavaClass topLevel(JavaClass type) {
		JavaClass top = type;
		while (top.getEnclosingClass().isPresent()) {
			top = top.getEnclosingClass().get();
		}
		return top;
	}

	@Test
	void theSystemdIntegrationIsFreeOfSpringBootAndOfTheRoles() {
		noClasses().that()
			.resideInAPackage("..systemd..")
			.should()
			.dependOnClassesThat()
			.resideInAnyPackage("org.springframework..", "io.github.clustermaster.ipc..",
					"io.github.clustermaster.master..", "io.github.clustermaster.worker..",
					"io.github.clustermaster.autoconfigure..")
			.check(classes);
	}

	@Test
	void theMasterDoesNotDependOnTheOptionalShell() {
		noClasses().that()
			.resideInAPackage("io.github.clustermaster.master..")
			.should()
			.dependOnClassesThat()
			.resideInAnyPackage("io.github.clustermaster.shell..", "org.springframework.shell..")
			.check(classes);
	}

	@Test
	void theMemoryBudgetIsFreeOfTheRestOfTheMasterAndOfItsWiring() {
		// The master's configuration maps the properties and the command line onto a
		// MemoryBudget.Request: the budget sees neither, nor any bean
		noClasses().that()
			.resideInAPackage("io.github.clustermaster.master.memory..")
			.should()
			.dependOnClassesThat()
			.resideInAnyPackage("io.github.clustermaster.master", "io.github.clustermaster.master.launch..",
					"io.github.clustermaster.master.port..", "io.github.clustermaster.master.upgrade..",
					"io.github.clustermaster.ipc..", "io.github.clustermaster.worker..",
					"io.github.clustermaster.session..", "io.github.clustermaster.autoconfigure..",
					"org.springframework.beans..", "org.springframework.context..")
			.check(classes);
	}

	@Test
	void theLauncherIsFreeOfTheRestOfTheMasterAndOfItsWiring() {
		// The master's configuration hands it the command, the release settings and the
		// variables a worker must not inherit: it sees no property, no command line type
		noClasses().that()
			.resideInAPackage("io.github.clustermaster.master.launch..")
			.should()
			.dependOnClassesThat()
			.resideInAnyPackage("io.github.clustermaster.master", "io.github.clustermaster.master.memory..",
					"io.github.clustermaster.master.port..", "io.github.clustermaster.master.upgrade..",
					"io.github.clustermaster.control..", "io.github.clustermaster.worker..",
					"io.github.clustermaster.session..", "io.github.clustermaster.autoconfigure..",
					"org.springframework.beans..", "org.springframework.context..")
			.check(classes);
	}

	@Test
	void theSharedPortIsFreeOfTheRestOfTheMasterOfTheUpgradeAndOfItsWiring() {
		// The master's configuration hands it the settings and the pid of the master that
		// handed its socket over: the port knows no property class, no upgrade, no bean
		noClasses().that()
			.resideInAPackage("io.github.clustermaster.master.port..")
			.should()
			.dependOnClassesThat()
			.resideInAnyPackage("io.github.clustermaster.master", "io.github.clustermaster.master.upgrade..",
					"io.github.clustermaster.master.launch..", "io.github.clustermaster.master.memory..",
					"io.github.clustermaster.supervisor..", "io.github.clustermaster.control..",
					"io.github.clustermaster.ipc..", "io.github.clustermaster.messaging..",
					"io.github.clustermaster.worker..", "io.github.clustermaster.session..",
					"io.github.clustermaster.autoconfigure..", "org.springframework.beans..",
					"org.springframework.context..")
			.check(classes);
	}

	@Test
	void theUpgradeIsFreeOfTheRestOfTheMasterOfThePortAndOfTheWorkersChannel() {
		// Two masters hand over through a socket of their own, not the workers' IPC channel;
		// the master's configuration hands the upgrader the new master's command line and
		// the socket to pass on
		noClasses().that()
			.resideInAPackage("io.github.clustermaster.master.upgrade..")
			.should()
			.dependOnClassesThat()
			.resideInAnyPackage("io.github.clustermaster.master", "io.github.clustermaster.master.port..",
					"io.github.clustermaster.master.memory..", "io.github.clustermaster.ipc..",
					"io.github.clustermaster.messaging..", "io.github.clustermaster.worker..",
					"io.github.clustermaster.session..", "io.github.clustermaster.autoconfigure..",
					"org.springframework.beans..")
			.check(classes);
	}

	@Test
	void theEventLogKnowsTheEventsAndNothingElseOfOurs() {
		// It writes what the supervisor and the master report; the master's configuration registers it
		noClasses().that()
			.resideInAPackage("io.github.clustermaster.master.events..")
			.should()
			.dependOnClassesThat()
			.resideInAnyPackage("io.github.clustermaster.master", "io.github.clustermaster.master.launch..",
					"io.github.clustermaster.master.memory..", "io.github.clustermaster.master.port..",
					"io.github.clustermaster.master.upgrade..", "io.github.clustermaster.control..",
					"io.github.clustermaster.ipc..", "io.github.clustermaster.messaging..",
					"io.github.clustermaster.worker..", "io.github.clustermaster.session..",
					"io.github.clustermaster.autoconfigure..", "org.springframework..")
			.check(classes);
	}

	@Test
	void messagingKnowsTheChannelButNeitherSideNorThePool() {
		// The application's API and the master's MasterMessaging over the IPC server: the
		// master's configuration and the worker's session wire it, it never reaches back
		noClasses().that()
			.resideInAPackage("io.github.clustermaster.messaging..")
			.should()
			.dependOnClassesThat()
			.resideInAnyPackage("io.github.clustermaster.master..", "io.github.clustermaster.worker..",
					"io.github.clustermaster.supervisor..", "io.github.clustermaster.control..",
					"io.github.clustermaster.session..", "io.github.clustermaster.shell..",
					"io.github.clustermaster.actuate..", "io.github.clustermaster.autoconfigure..")
			.check(classes);
	}

	@Test
	void theReleasePackageIsFreeOfSpringAndOfEveryOtherPackageOfOurs() {
		noClasses().that()
			.resideInAPackage("..release..")
			.should()
			.dependOnClassesThat()
			.resideInAnyPackage("org.springframework..", "tools.jackson..", "io.github.clustermaster.supervisor..",
					"io.github.clustermaster.ipc..", "io.github.clustermaster.master..",
					"io.github.clustermaster.worker..", "io.github.clustermaster.autoconfigure..",
					"io.github.clustermaster.control..")
			.check(classes);
	}

	@Test
	void theLeaseTableIsFreeOfSpringAndOfEveryOtherPackageOfOurs() {
		noClasses().that()
			.resideInAPackage("..lease..")
			.should()
			.dependOnClassesThat()
			.resideInAnyPackage("org.springframework..", "tools.jackson..", "io.github.clustermaster.supervisor..",
					"io.github.clustermaster.ipc..", "io.github.clustermaster.master..",
					"io.github.clustermaster.worker..", "io.github.clustermaster.autoconfigure..",
					"io.github.clustermaster.control..", "io.github.clustermaster.locks..")
			.check(classes);
	}

	@Test
	void onlyTheExecutorRunsCommandsOnThePool() {
		for (Class<?> pool : List.of(WorkerPoolManager.class, Supervisor.class)) {
			noClasses().that()
				.resideOutsideOfPackages("io.github.clustermaster.control..", "io.github.clustermaster.supervisor..")
				.should()
				.callMethod(pool, "resize", int.class)
				.orShould()
				.callMethod(pool, "restart", Map.class)
				.orShould()
				.callMethod(pool, "restart")
				.orShould()
				.callMethod(pool, "quit")
				.orShould()
				.callMethod(pool, "quitHard")
				.check(classes);
		}
	}

	@Test
	void autoConfigurationsArePublicAndFinal() {
		classes().that()
			.areAnnotatedWith(AutoConfiguration.class)
			.should()
			.bePublic()
			.andShould()
			.haveModifier(com.tngtech.archunit.core.domain.JavaModifier.FINAL)
			.check(classes);
	}

}
