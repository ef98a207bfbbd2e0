/** Checks a statistician would insist on before trusting a posterior: out-of-distribution observations, held-out banks that repeat the training data. Host side. */
package org.orrery.diagnostics;
