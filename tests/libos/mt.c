/* 32 pthreads in one cVM: a mutex-protected counter, per-thread TLS,
 * a condition variable for "all done", pthread_join, and a barrier-like
 * rendezvous via the condvar (broadcast).  Prints PASS/FAIL lines. */
#include <pthread.h>
#include <stdio.h>
#include <string.h>

#define NTHREADS 32
#define ITERS 20000

static pthread_mutex_t mu = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t cv = PTHREAD_COND_INITIALIZER;
static long counter;
static int finished, go;
static __thread long tls_sum;
static __thread int tls_id = -1;
static long tls_results[NTHREADS];
static int tls_ok[NTHREADS];

static void *worker(void *arg)
{
	int id = (int)(long)arg;
	tls_ok[id] = tls_id == -1; /* each thread starts with the initial TLS image */
	tls_id = id;
	pthread_mutex_lock(&mu);
	while (!go)
		pthread_cond_wait(&cv, &mu);
	pthread_mutex_unlock(&mu);
	for (int i = 0; i < ITERS; i++) {
		pthread_mutex_lock(&mu);
		counter++;
		pthread_mutex_unlock(&mu);
		tls_sum += id;
	}
	tls_results[id] = tls_sum;
	tls_ok[id] &= tls_id == id;
	pthread_mutex_lock(&mu);
	finished++;
	pthread_cond_signal(&cv);
	pthread_mutex_unlock(&mu);
	return (void *)(long)(id * 3);
}

static int fails;
static void check(const char *name, int ok)
{
	printf("%s %s\n", ok ? "PASS" : "FAIL", name);
	fails += !ok;
}

int main(void)
{
	pthread_t t[NTHREADS];
	int created = 0;
	for (int i = 0; i < NTHREADS; i++)
		created += pthread_create(&t[i], NULL, worker, (void *)(long)i) == 0;
	check("mt-create-32", created == NTHREADS);
	pthread_mutex_lock(&mu);
	go = 1;
	pthread_cond_broadcast(&cv);
	while (finished < created)
		pthread_cond_wait(&cv, &mu);
	pthread_mutex_unlock(&mu);
	int joined = 0, rets = 1;
	for (int i = 0; i < created; i++) {
		void *r;
		joined += pthread_join(t[i], &r) == 0;
		rets &= (long)r == i * 3;
	}
	check("mt-join-32", joined == NTHREADS && rets);
	check("mt-mutex-counter", counter == (long)NTHREADS * ITERS);
	int tls = 1;
	for (int i = 0; i < NTHREADS; i++)
		tls &= tls_ok[i] && tls_results[i] == (long)i * ITERS;
	check("mt-tls-per-thread", tls);
	check("mt-main-tls-untouched", tls_id == -1 && tls_sum == 0);
	return fails != 0;
}
