// Deliveries prepared by GetApp's delivery API, with each artifact's SHA-256 checked.
package getapp
