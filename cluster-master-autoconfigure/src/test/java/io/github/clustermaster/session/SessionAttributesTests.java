package io.github.clustermaster.session;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;

import org.springframework.core.OverridingClassLoader;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.authority.AuthorityUtils;
import org.springframework.security.core.context.SecurityContextImpl;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link SessionAttributes}: what a request read is checked for changes in
 * place as cheaply as its type allows, and never missed.
 */
class SessionAttributesTests {

	/** Bytes no value serializes to: a check that serializes always sees a change. */
	private static final byte[] NOT_ITS_BYTES = {};

	private final SessionAttributes codec = new SessionAttributes(getClass().getClassLoader());

	@Test
	void aValueThatCannotChangeIsNotSerializedAgain() {
		for (Object value : List.of("user", 42, 42L, 1.5, true, 'c', Instant.EPOCH, Thread.State.NEW)) {
			assertThat(this.codec.changedInPlace("a", value, this.codec.mark(value), NOT_ITS_BYTES)).as("%s", value)
				.isNull();
		}
	}

	@Test
	void aNumberThatCanChangeIsCheckedByItsBytes() {
		AtomicInteger counter = new AtomicInteger(1);
		byte[] stored = this.codec.serialize("counter", counter);
		Object mark = this.codec.mark(counter);
		assertThat(this.codec.changedInPlace("counter", counter, mark, stored)).isNull();
		counter.incrementAndGet();
		assertThat(this.codec.changedInPlace("counter", counter, mark, stored)).as("changed in place")
			.isEqualTo(this.codec.serialize("counter", counter));
	}

	@Test
	void aCollectionChangedInPlaceIsSeen() {
		List<String> cart = new ArrayList<>(List.of("book"));
		byte[] stored = this.codec.serialize("cart", cart);
		Object mark = this.codec.mark(cart);
		assertThat(this.codec.changedInPlace("cart", cart, mark, stored)).isNull();
		cart.add("pen");
		assertThat(this.codec.changedInPlace("cart", cart, mark, stored)).isNotNull();
		assertThat(this.codec.changedInPlace("cart", cart, null, stored)).as("no mark: by its bytes").isNotNull();
	}

	@Test
	void springSecuritysContextIsCheckedByItsAuthenticationWithoutSerializingIt() {
		SecurityContextImpl context = new SecurityContextImpl(user("alice"));
		Object mark = this.codec.mark(context);
		assertThat(this.codec.changedInPlace("ctx", context, mark, NOT_ITS_BYTES)).as("the same authentication")
			.isNull();
		context.setAuthentication(user("bob"));
		assertThat(this.codec.changedInPlace("ctx", context, mark, NOT_ITS_BYTES)).as("a new authentication")
			.isEqualTo(this.codec.serialize("ctx", context));
		Object bobs = this.codec.mark(context);
		context.setAuthentication(null);
		assertThat(this.codec.changedInPlace("ctx", context, bobs, NOT_ITS_BYTES)).as("logged out in place")
			.isNotNull();
	}

	@Test
	void withoutSpringSecurityTheCodecStillWorks() throws Exception {
		ClassLoader noSecurity = new OverridingClassLoader(getClass().getClassLoader()) {

			@Override
			protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
				if (name.startsWith("org.springframework.security.")) {
					throw new ClassNotFoundException(name);
				}
				return super.loadClass(name, resolve);
			}

		};
		SessionAttributes codec = new SessionAttributes(noSecurity);
		List<String> cart = new ArrayList<>(List.of("book"));
		Object mark = codec.mark(cart);
		cart.add("pen");
		assertThat(codec.changedInPlace("cart", cart, mark, codec.serialize("cart", List.of("book")))).isNotNull();
	}

	private static UsernamePasswordAuthenticationToken user(String name) {
		return UsernamePasswordAuthenticationToken.authenticated(name, null, AuthorityUtils.createAuthorityList("USER"));
	}

}
