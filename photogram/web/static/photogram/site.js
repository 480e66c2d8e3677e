// Photogram's own script: small touches over pages that work without it.
// - a placeholder colour behind each photo while it loads (set here: the Content-Security-Policy refuses
//   style attributes in the markup);
// - carousels: the arrow keys move between slides, and the dots follow the slide in view;
// - the focus kept in place when htmx replaces the button that had it.
"use strict";

(function () {
  function paint(root) {
    root.querySelectorAll("[data-colour]").forEach(function (element) {
      var colour = element.getAttribute("data-colour");
      if (/^#[0-9a-f]{6}$/.test(colour)) {
        element.style.backgroundColor = colour;
      }
    });
  }

  function slideTo(carousel, index) {
    var slides = carousel.querySelector(".slides");
    var count = slides.children.length;
    var target = Math.max(0, Math.min(count - 1, index));
    slides.scrollTo({ left: target * slides.clientWidth });
  }

  function current(carousel) {
    var slides = carousel.querySelector(".slides");
    return Math.round(slides.scrollLeft / Math.max(1, slides.clientWidth));
  }

  function markDot(carousel) {
    var index = current(carousel);
    carousel.querySelectorAll(".dots a").forEach(function (dot, position) {
      dot.setAttribute("aria-current", position === index ? "true" : "false");
    });
  }

  function wire(root) {
    root.querySelectorAll("[data-carousel]").forEach(function (carousel) {
      if (carousel.dataset.wired) {
        return;
      }
      carousel.dataset.wired = "1";
      carousel.addEventListener("keydown", function (event) {
        if (event.key === "ArrowRight" || event.key === "ArrowLeft") {
          event.preventDefault();
          slideTo(carousel, current(carousel) + (event.key === "ArrowRight" ? 1 : -1));
        }
      });
      carousel.querySelectorAll(".dots a").forEach(function (dot) {
        dot.addEventListener("click", function (event) {
          event.preventDefault(); // scroll sideways only, not the page down to the slide
          slideTo(carousel, Number(dot.getAttribute("data-slide")));
        });
      });
      var pending = 0;
      carousel.querySelector(".slides").addEventListener("scroll", function () {
        window.cancelAnimationFrame(pending);
        pending = window.requestAnimationFrame(function () {
          markDot(carousel);
        });
      });
      markDot(carousel);
    });
  }

  // A button htmx replaced (an answered follow request, an unblocked account) took the focus with it: hand
  // the focus to what the part swapped in marks, so a keyboard user stays where they were.
  function refocus(root) {
    if (document.activeElement && document.activeElement !== document.body) {
      return;
    }
    var target = root.matches && root.matches("[data-focus-here]") ? root : root.querySelector("[data-focus-here]");
    if (target) {
      target.focus();
    }
  }

  function enhance(root) {
    paint(root);
    wire(root);
    refocus(root);
  }

  if (window.htmx) {
    window.htmx.onLoad(enhance); // the page itself, then each part htmx swaps in
  } else {
    document.addEventListener("DOMContentLoaded", function () {
      enhance(document);
    });
  }
})();
